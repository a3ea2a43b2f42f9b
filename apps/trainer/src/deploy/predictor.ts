import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PackedFormatError, PackedModel } from '@signflow/infer';
import { UsageError } from '../errors.js';
import { readExportRecord } from './export-folder.js';
import { datasetInfo, isRunDir, loadRunModel } from './run-model.js';

/** A model of any kind signflow deploys, as evaluate and predict use it. */
export interface Predictor {
  /** What it is, for messages: `run (best)`, `packed (native)`, `tfjs`, `onnx`. */
  readonly kind: string;
  /** Input shape without the batch axis. */
  readonly inputShape: number[];
  readonly classes?: string[];
  readonly normalization?: { readonly mean: readonly number[]; readonly std: readonly number[] };
  /** Logits of `batch` NHWC images. */
  logits(images: Float32Array, batch: number): Promise<Float32Array>;
  dispose(): void;
}

async function packedPredictor(file: string, extra: Partial<Predictor> = {}): Promise<Predictor> {
  let model: PackedModel;
  try {
    model = await PackedModel.load(new Uint8Array(readFileSync(file)), { what: file });
  } catch (error) {
    if (error instanceof PackedFormatError) throw new UsageError(error.message);
    throw error;
  }
  const { manifest } = model;
  return {
    kind: `packed (${model.engine})`,
    inputShape: model.inputShape,
    classes: manifest.classes,
    normalization: manifest.preprocessing,
    ...extra,
    logits: async (images, batch) => model.predict(images, batch),
    dispose: () => undefined,
  };
}

async function tfjsPredictor(dir: string, extra: Partial<Predictor>): Promise<Predictor> {
  const { loadGraphModel } = await import('@tensorflow/tfjs-converter');
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; signature?: object };
  const bin = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
  const model = await loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      signature: json.signature,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    }),
  });
  return {
    kind: 'tfjs',
    inputShape: extra.inputShape ?? [],
    ...extra,
    logits: async (images, batch) => tf.tidy(() => (model.execute(tf.tensor(images, [batch, ...(extra.inputShape ?? [])])) as tf.Tensor).dataSync() as Float32Array),
    dispose: () => model.dispose(),
  };
}

async function onnxPredictor(dir: string, extra: Partial<Predictor>): Promise<Predictor> {
  // ONNX Runtime's WebAssembly build runs anywhere Node does; its native build's install script
  // downloads GPU libraries from outside npm.
  let ort: typeof import('onnxruntime-web');
  try {
    ort = await import('onnxruntime-web');
  } catch {
    throw new UsageError(`Running ${dir} needs onnxruntime-web; install it (npm install onnxruntime-web) or export in the tfjs or packed format.`);
  }
  const session = await ort.InferenceSession.create(readFileSync(join(dir, 'model.onnx')));
  return {
    kind: 'onnx',
    inputShape: extra.inputShape ?? [],
    ...extra,
    logits: async (images, batch) => {
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', images, [batch, ...(extra.inputShape ?? [])]) });
      return out[session.outputNames[0]].data as Float32Array;
    },
    dispose: () => void session.release(),
  };
}

/**
 * Opens MODEL: a run directory (its best model, else its last checkpoint), an export folder
 * (`export.json` says the format) or a packed file.
 */
export async function openPredictor(path: string): Promise<Predictor> {
  if (!existsSync(path)) throw new UsageError(`${path} does not exist; pass a run directory, an export folder or a packed file.`);
  if (statSync(path).isFile()) return packedPredictor(path);
  const record = readExportRecord(path);
  if (record !== null) {
    const extra = { inputShape: record.inputShape, classes: record.classes, normalization: record.preprocessing };
    if (record.format === 'packed') return packedPredictor(join(path, 'model.sfpk'), extra);
    if (record.format === 'tfjs') return tfjsPredictor(path, extra);
    if (record.format === 'onnx') return onnxPredictor(path, extra);
    throw new UsageError(`${path} is a ${record.format} export, which signflow cannot run; export the run as packed, tfjs or onnx to evaluate or predict with it.`);
  }
  if (!isRunDir(path)) throw new UsageError(`${path} is neither a run directory (config.json and checkpoints/) nor an export folder (export.json).`);
  const run = await loadRunModel(path, existsSync(join(path, 'best')) ? 'best' : 'last');
  const info = await datasetInfo(run.config.dataset);
  return {
    kind: `run (${run.which})`,
    inputShape: (run.model.inputs[0].shape as number[]).slice(1),
    classes: info?.classes,
    normalization: info?.normalization,
    logits: async (images, batch) =>
      tf.tidy(() => (run.model.apply(tf.tensor(images, [batch, ...(run.model.inputs[0].shape as number[]).slice(1)]), { training: false }) as tf.Tensor).dataSync() as Float32Array),
    dispose: () => run.model.dispose(),
  };
}
