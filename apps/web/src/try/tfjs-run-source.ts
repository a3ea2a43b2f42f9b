import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BackboneModel, BatchNorm, QuantConv2D, QuantDense } from '@signflow/core';
import { OptionAShortcut, PaddedMaxPool2D } from '@signflow/zoo-resnet';
import { ClassTokenEmbedding, ClassTokenReadout, LayerNorm, MultiHeadDotProductAttention } from '@signflow/zoo-vit';
import { fetchRun } from '../api/client.js';
import { runModelFolder, type ModelInput, type SiteIndex } from '@signflow/dashboard/contract';
import { registerInstalledEstimators } from '../estimators/installed.js';
import { ensureBackend } from '../tf/backend.js';
import type { ImageInput, InferenceModel, ModelEntry, ModelSource } from './model-source.js';

/** The layer classes a saved signflow model may name. */
const SIGNFLOW_LAYER_CLASSES = [BackboneModel, BatchNorm, QuantConv2D, QuantDense, OptionAShortcut, PaddedMaxPool2D, ClassTokenEmbedding, ClassTokenReadout, LayerNorm, MultiHeadDotProductAttention];

const PREFIX = 'run:';

/** A run's model as a tfjs `LayersModel`, its input normalised as in training, softmax over its logits. */
class TfjsRunModel implements InferenceModel {
  constructor(
    private readonly model: tfl.LayersModel,
    readonly input: ModelInput,
    readonly description: string,
  ) {}

  async predict(image: ImageInput): Promise<Float32Array> {
    const [h, w, c] = this.input.imageShape;
    if (image.height !== h || image.width !== w || image.channels !== c) {
      throw new RangeError(`the model takes ${h}×${w}×${c} images, not ${image.height}×${image.width}×${image.channels}`);
    }
    const { mean, std } = this.input.normalization;
    const probabilities = tf.tidy(() => {
      const pixels = tf.tensor4d(Float32Array.from(image.data), [1, h, w, c]);
      const normalised = tf.div(tf.sub(tf.div(pixels, 255), tf.tensor1d(mean as number[])), tf.tensor1d(std as number[]));
      return tf.softmax(this.model.predict(normalised) as tf.Tensor2D);
    });
    try {
      return (await probabilities.data()) as Float32Array;
    } finally {
      probabilities.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Runs' latest checkpoints (`model.json` + `weights.bin`), loaded with signflow's own layer classes. */
export const tfjsRunSource: ModelSource = {
  kind: 'run checkpoint (TensorFlow.js)',
  entries: (index: SiteIndex) => index.runs.filter((r) => r.hasModel).map((r) => ({ key: `${PREFIX}${r.id}`, label: `${r.label} (${[r.backbone, r.estimator, r.bits, r.dataset].filter(Boolean).join(', ')})` })),
  async load(entry: ModelEntry): Promise<InferenceModel> {
    const id = entry.key.slice(PREFIX.length);
    const doc = await fetchRun(id);
    if (doc.input === null) {
      throw new Error(`run ${doc.row.label} was trained on ${doc.row.dataset ?? 'an unknown dataset'}, whose input normalisation the page does not know (it knows mnist, fashion-mnist and cifar10)`);
    }
    await ensureBackend();
    registerInstalledEstimators();
    // Their modules register them as a side effect, which a bundler may drop from a workspace
    // package; registering again is harmless and makes the page independent of that.
    for (const layerClass of SIGNFLOW_LAYER_CLASSES) tf.serialization.registerClass(layerClass);
    // tfjs routes only absolute http(s) URLs to its HTTP loader; weights.bin is fetched beside model.json.
    const url = new URL(`${runModelFolder(id)}model.json`, document.baseURI).href;
    const model = await tfl.loadLayersModel(url);
    return new TfjsRunModel(model, doc.input, `${doc.row.label}: ${model.countParams().toLocaleString('en-US')} parameters, TensorFlow.js CPU backend`);
  },
};
