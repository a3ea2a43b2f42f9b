import type { ModelInput, SiteIndex } from '@signflow/dashboard/contract';

/** An image at a model's input size: height × width × channels bytes (0–255), row by row. */
export interface ImageInput {
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * A model the page can run in the browser. The page prepares the image (size, channels) from
 * `input`; the model normalises it as it was trained and returns one probability per class.
 */
export interface InferenceModel {
  /** What runs, for people: format, engine, size. */
  readonly description: string;
  /** The input the model expects and the names of its classes. */
  readonly input: ModelInput;
  /** Class probabilities (summing to 1) for one image. */
  predict(image: ImageInput): Promise<Float32Array>;
  /** Frees the model's memory. */
  dispose(): void;
}

/** A model a source offers: shown in the page's model list. */
export interface ModelEntry {
  /** Unique among the entries of all sources, e.g. `run:<run id>`. */
  readonly key: string;
  readonly label: string;
}

/**
 * Where models come from. Today: the checkpoints of runs, run with TensorFlow.js layers. An
 * exported model (a `tfjs` export folder, or a `packed` binary run by a WebAssembly engine) plugs
 * in as another source: list its entries from the site's index, and load one into an
 * {@link InferenceModel}. The page needs nothing else.
 */
export interface ModelSource {
  /** Short name of the format, e.g. `run checkpoint (tfjs)`. */
  readonly kind: string;
  /** The models of this kind in the site. */
  entries(index: SiteIndex): ModelEntry[];
  /** Loads one of {@link entries}' models. */
  load(entry: ModelEntry): Promise<InferenceModel>;
}
