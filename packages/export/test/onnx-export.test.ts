import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { lowerModel } from '../src/lower/lower-model.js';
import { writeOnnx } from '../src/onnx/write-onnx.js';
import { BACKBONES, binaryModel, inputsFor, maxDiff, referenceLogits } from './fixtures.js';

describe('onnx export', () => {
  for (const [id, activations] of Object.keys(BACKBONES).flatMap((b) => [[b, true], [b, false]] as const)) {
    it(`${id} ${activations ? '1W/1A' : '1W/32A'}: onnxruntime-node gives signflow's logits within 1e-4`, async () => {
      const model = binaryModel(id, activations);
      const input = inputsFor(model, 3);
      const reference = referenceLogits(model, input);
      const bytes = writeOnnx(lowerModel(model));
      const session = await ort.InferenceSession.create(bytes);
      const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input.data, input.shape) });
      const logits = result[session.outputNames[0]];
      expect(logits.dims).toEqual([3, reference.length / 3]);
      expect(maxDiff(logits.data as Float32Array, reference)).toBeLessThan(1e-4);
      await session.release();
      model.dispose();
    });
  }
});
