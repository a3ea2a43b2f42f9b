import type { RunConfig } from '../config/schema.js';
import { AdamW, SgdMomentum, type TrainOptimizer } from './optimizers.js';

/** Builds the optimiser a run configuration names. */
export interface OptimizerFactory {
  create(config: Pick<RunConfig, 'optimizer' | 'lr' | 'momentum' | 'weightDecay'>): TrainOptimizer;
}

/** The optimisers of the paper's recipes: SGD with momentum and AdamW. */
export class RecipeOptimizers implements OptimizerFactory {
  create(config: Pick<RunConfig, 'optimizer' | 'lr' | 'momentum' | 'weightDecay'>): TrainOptimizer {
    return config.optimizer === 'sgd' ? new SgdMomentum(config.lr, config.momentum, config.weightDecay) : new AdamW(config.lr, config.weightDecay);
  }
}
