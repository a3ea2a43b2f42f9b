export { RBNN_DEFAULTS, RBNN_MODES, type RBNNConfig, type RBNNMode } from './config.js';
export { RBNNEstimator } from './rbnn-estimator.js';
export { RBNNWeights } from './weights.js';
export { RBNNActivations } from './activations.js';
export { rbnnScale } from './rule.js';
export { createRBNN } from './rbnn.js';
export { RBNN_SCHEDULES, plugin } from './plugin.js';
