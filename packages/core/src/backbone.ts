import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Estimator } from './estimator/estimator.js';

/**
 * What every backbone factory accepts. Backbones receive their estimators; they never choose
 * them. Both null gives the full-precision baseline, a null activation estimator gives 1W/32A.
 */
export interface BackboneOptions {
  /** Number of classes of the classifier; default per backbone (10 for CIFAR, 1000 for ImageNet). */
  numClasses?: number;
  /** Input shape, height × width × channels. */
  inputShape?: [number, number, number];
  /** Quantises the weights of the binarised layers; null: full-precision weights. */
  weightEstimator?: Estimator | null;
  /** Quantises the inputs of the binarised layers; null: real activations (1W/32A). */
  activationEstimator?: Estimator | null;
  /** Seed for weight initialisation, for reproducible runs. */
  seed?: number;
}

/**
 * The training recipe family a backbone belongs to: sets optimiser and schedule defaults.
 * `cifar`, `imagenet` and `vit` are the paper's recipes (docs/method.md §7.4); `small` is a
 * short recipe for the small backbones that train on 28×28 digits in minutes.
 */
export type RecipeFamily = 'cifar' | 'imagenet' | 'vit' | 'small';

/** A named backbone factory, registered in core's plugin registry (`registerPlugins`). */
export interface BackbonePlugin<O extends BackboneOptions = BackboneOptions> {
  /** CLI name, e.g. `'resnet20'`. */
  readonly id: string;
  /** One-line description. */
  readonly description: string;
  /** The input shape used when the options give none. */
  readonly defaultInputShape: [number, number, number];
  /** The recipe family whose defaults apply. */
  readonly recipe: RecipeFamily;
  /**
   * The options it takes beyond {@link BackboneOptions} (e.g. VGG-small's `widthMultiplier`), so
   * that a misspelt option is refused before a run starts instead of being ignored.
   */
  readonly optionKeys?: readonly string[];
  /** Builds the model. */
  create(options?: O): LayersModel;
}
