import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createDoReFa } from '@signflow/estimator-dorefa';
import { createReSTE } from '@signflow/estimator-reste';
import { nativeEngineStatus, PackedModel, readPackedFile } from '@signflow/infer';
import { summary } from '@signflow/metrics';
import { vitTiny } from '@signflow/zoo-vit';
import { resnet20 } from '@signflow/zoo-resnet';
import { exportModel, lowerModel, predictPackedSize, UnexportableLayerError, writePacked } from '../src/index.js';
import { BACKBONES, binaryModel, inputsFor, maxDiff, referenceLogits } from './fixtures.js';

const engines = async (): Promise<('native' | 'wasm')[]> => {
  const status = await nativeEngineStatus();
  if (!status.available && process.env.CI) throw new Error(`CI must build the native packed engine: ${status.reason}`);
  return status.available ? ['native', 'wasm'] : ['wasm'];
};

describe('packed export and engine', () => {
  for (const [id, activations] of Object.keys(BACKBONES).flatMap((b) => [[b, true], [b, false]] as const)) {
    it(`${id} ${activations ? '1W/1A (xnor-popcount)' : '1W/32A (binary weights × α on real inputs)'}: logits within 1e-4 of the fake-quantised model`, async () => {
      const model = binaryModel(id, activations);
      const input = inputsFor(model, 4);
      const reference = referenceLogits(model, input);
      const before = tf.memory().numTensors;
      const bytes = await writePacked(lowerModel(model));
      expect(tf.memory().numTensors).toBe(before);
      for (const engine of await engines()) {
        const packed = await PackedModel.load(bytes, { engine });
        expect(packed.engine).toBe(engine);
        const kinds = packed.layerKinds;
        if (activations) expect(kinds.binary).toBeGreaterThan(0);
        else expect([kinds.binary, kinds.binaryWeightsFloatInput > 0]).toEqual([0, true]);
        expect(maxDiff(packed.predict(input.data, 4), reference), engine).toBeLessThan(1e-4);
      }
      model.dispose();
    });
  }

  it('stores what the summary predicts: the weights within 1 % of its memory for every backbone', async () => {
    for (const id of Object.keys(BACKBONES)) {
      const model = binaryModel(id);
      const predicted = summary(model).totals.memoryBytes;
      const { manifest, payload } = await readPackedFile(await writePacked(lowerModel(model)));
      expect(manifest.weights.bytes).toBe(payload.byteLength);
      expect(Math.abs(payload.byteLength - predicted) / predicted, id).toBeLessThan(0.01);
      model.dispose();
    }
  });

  // The whole file against the summary's prediction of it: the weights from the summary's own
  // bit accounting (metrics, independent of the writer's payload layout) plus the manifest of the
  // architecture, with metadata as a run's export carries it. For ResNet-20 the manifest is a fifth
  // of the file, so a prediction of the weights alone would be 23 % short.
  const metadata = {
    classes: Array.from({ length: 10 }, (_, i) => `class ${i}`),
    preprocessing: { dataset: 'synthetic', mean: [0.5], std: [0.25] },
    source: { runDir: 'runs/example', which: 'best', epoch: 3 },
  };
  for (const id of Object.keys(BACKBONES)) {
    it(`${id}: the whole packed file within 1 % of the summary's prediction`, async () => {
      const model = binaryModel(id);
      const graph = lowerModel(model);
      const predicted = predictPackedSize(graph, summary(model).totals.memoryBytes, metadata);
      model.dispose();
      const bytes = await writePacked(graph, metadata);
      const { payload } = await readPackedFile(bytes);
      const breakdown = `${id}: file ${bytes.byteLength} B (payload ${payload.byteLength} B); predicted ${predicted.file} B = weights ${predicted.weights} + manifest ${predicted.manifest} + header ${predicted.header}`;
      expect(Math.abs(bytes.byteLength - predicted.file) / predicted.file, breakdown).toBeLessThan(0.01);
      expect(bytes.byteLength - payload.byteLength, breakdown).toBe(predicted.manifest + predicted.header);
    });
  }

  it('names the layer and the formats that can when the format cannot express it', async () => {
    const twoBit = resnet20({ weightEstimator: createDoReFa({ bits: 2 }), activationEstimator: createReSTE(), seed: 1 });
    const error = await exportModel(twoBit, { format: 'packed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexportableLayerError);
    expect((error as Error).message).toMatch(/layer 's1b1_unit1_conv' has 2-bit weights.*formats that can: tfjs, onnx/);
    expect((await exportModel(twoBit, { format: 'tfjs' })).files['model.json']).toBeDefined();
    twoBit.dispose();
    const vit = vitTiny({ inputShape: [8, 8, 1], patchSize: 4, numClasses: 3, weightEstimator: createReSTE(), activationEstimator: createReSTE() });
    await expect(exportModel(vit, { format: 'onnx' })).rejects.toThrow(/no export format can express it/);
    vit.dispose();
  });
});
