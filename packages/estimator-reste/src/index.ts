export { ReSTE, RESTE_DEFAULTS, createReSTE, type ReSTEConfig } from './reste.js';
export { plugin, RESTE_SCHEDULES, RESTE_SETTINGS } from './plugin.js';
