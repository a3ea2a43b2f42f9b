export { DOREFA_DEFAULTS, DOREFA_MAX_BITS, DOREFA_MODES, type DoReFaConfig, type DoReFaMode } from './config.js';
export { DoReFaEstimator } from './dorefa-estimator.js';
export { DoReFaSignWeights } from './sign-weights.js';
export { DoReFaWeights } from './k-bit-weights.js';
export { DoReFaActivations } from './k-bit-activations.js';
export { quantizeK } from './quantize-k.js';
export { createDoReFa, createDoReFaActivations, createDoReFaWeights } from './create.js';
export { plugin } from './plugin.js';
