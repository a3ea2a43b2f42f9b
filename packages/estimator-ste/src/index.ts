export { STE, STE_DEFAULTS, createSTE, type STEConfig } from './ste.js';
export { plugin } from './plugin.js';
