export { FDA, FDA_DEFAULTS, createFDA, type FDAConfig } from './fda.js';
export { plugin, register } from './plugin.js';
