export { ReSTE, RESTE_DEFAULTS, createReSTE, type ReSTEConfig } from './reste.js';
export { plugin, register } from './plugin.js';
