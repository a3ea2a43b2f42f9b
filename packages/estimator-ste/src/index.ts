export { STE, STE_DEFAULTS, createSTE, type STEConfig } from './ste.js';
export { plugin, register } from './plugin.js';
