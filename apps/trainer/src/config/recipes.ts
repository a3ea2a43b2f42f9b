import type { RecipeFamily } from '@signflow/core';
import type { RunConfig } from './schema.js';

/** The settings a recipe fixes; everything else comes from flags or shared defaults. */
export type Recipe = Pick<
  RunConfig,
  'dataset' | 'epochs' | 'batchSize' | 'evalBatchSize' | 'optimizer' | 'lr' | 'momentum' | 'weightDecay' | 'warmupEpochs' | 'augment'
>;

/**
 * Training recipes (docs/method.md §7 and the paper's appendix):
 * - `cifar`: SGD momentum 0.9, weight decay 1e-4 on every parameter, lr 0.1 with 5 warm-up epochs
 *   then cosine to 0 per epoch, 1000 epochs at batch 256, random crop + flip.
 * - `imagenet`: as cifar without warm-up, 250 epochs at batch 750.
 * - `vit`: AdamW, lr 1e-3, cosine (appendix). Epochs, weight decay and warm-up are not stated in
 *   the paper: 300 epochs, decoupled weight decay 0.05 and no warm-up are this project's choice.
 * - `small`: this project's short recipe for the small backbones on 28×28 digits (no
 *   augmentation, 6 epochs at batch 64, SGD lr 0.05 with 1 warm-up epoch).
 */
export const RECIPES: Record<RecipeFamily, Recipe> = {
  cifar: { dataset: 'cifar10', epochs: 1000, batchSize: 256, evalBatchSize: 128, optimizer: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 1e-4, warmupEpochs: 5, augment: true },
  imagenet: { dataset: 'imagenet', epochs: 250, batchSize: 750, evalBatchSize: 256, optimizer: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 1e-4, warmupEpochs: 0, augment: true },
  vit: { dataset: 'cifar10', epochs: 300, batchSize: 256, evalBatchSize: 256, optimizer: 'adamw', lr: 1e-3, momentum: 0.9, weightDecay: 0.05, warmupEpochs: 0, augment: true },
  small: { dataset: 'mnist', epochs: 6, batchSize: 64, evalBatchSize: 500, optimizer: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 1e-4, warmupEpochs: 1, augment: false },
};

/** Per-backbone departures from the family recipe (the authors' ResNet-18 CIFAR runs). */
export const BACKBONE_OVERRIDES: Record<string, Partial<Recipe>> = {
  'resnet18-cifar': { epochs: 2000, batchSize: 96 },
};

/** Settings shared by every recipe. */
export const SHARED_DEFAULTS = {
  estimator: 'reste',
  bits: '1/1',
  seed: 1234,
  backend: 'auto',
  out: 'runs',
} as const satisfies Partial<RunConfig>;

/** The backbone of the embedded default job. */
export const DEFAULT_BACKBONE = 'mlp';
