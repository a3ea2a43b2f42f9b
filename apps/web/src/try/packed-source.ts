import { PackedModel } from '@signflow/infer';
import { exportPath, type ModelInput, type SiteIndex } from '@signflow/dashboard/contract';
import type { ImageInput, InferenceModel, ModelEntry, ModelSource } from './model-source.js';

const PREFIX = 'packed:';

function softmax(logits: Float32Array): Float32Array {
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}

/** A packed export run by @signflow/infer's WebAssembly engine (xnor + popcount), no TensorFlow.js. */
class PackedInference implements InferenceModel {
  constructor(
    private readonly model: PackedModel,
    readonly input: ModelInput,
    readonly description: string,
  ) {}

  async predict(image: ImageInput): Promise<Float32Array> {
    const [h, w, c] = this.input.imageShape;
    if (image.height !== h || image.width !== w || image.channels !== c) {
      throw new RangeError(`the model takes ${h}×${w}×${c} images, not ${image.height}×${image.width}×${image.channels}`);
    }
    const { mean, std } = this.input.normalization;
    const pixels = Float32Array.from(image.data, (v, i) => (v / 255 - mean[i % c]) / std[i % c]);
    return softmax(this.model.predict(pixels, 1));
  }

  dispose(): void {
    // The engine's memory is a WebAssembly instance the garbage collector frees with the model.
  }
}

/** Packed exports (`signflow export --format packed`): self-describing files with their classes and normalisation. */
export const packedSource: ModelSource = {
  kind: 'packed export (WebAssembly engine)',
  entries: (index: SiteIndex) => (index.exports ?? []).map((e) => ({ key: `${PREFIX}${e.id}`, label: `${e.label} (packed, ${(e.bytes / 1024).toFixed(0)} KiB)` })),
  async load(entry: ModelEntry): Promise<InferenceModel> {
    const id = entry.key.slice(PREFIX.length);
    const response = await fetch(exportPath(id), { cache: 'no-store' });
    if (!response.ok) throw new Error(`${exportPath(id)}: ${response.status} ${response.statusText}`);
    const model = await PackedModel.load(new Uint8Array(await response.arrayBuffer()), { engine: 'wasm' });
    const { manifest } = model;
    const shape = manifest.input.shape;
    if (shape.length !== 3) throw new Error(`export ${entry.label} takes inputs of shape [${shape.join(', ')}], not images`);
    if (manifest.preprocessing === undefined) throw new Error(`export ${entry.label} does not say how its images are normalised (no preprocessing in its manifest)`);
    const input: ModelInput = {
      dataset: manifest.preprocessing.dataset ?? 'unknown',
      imageShape: [shape[0], shape[1], shape[2]],
      classNames: manifest.classes ?? Array.from({ length: 10 }, (_, i) => String(i)),
      normalization: { mean: manifest.preprocessing.mean, std: manifest.preprocessing.std },
    };
    return new PackedInference(model, input, `${manifest.name}, ${model.engine} engine`);
  },
};
