export { DSQ, DSQ_DEFAULTS, createDSQ, dsqShape, type DSQConfig } from './dsq.js';
export { plugin } from './plugin.js';
