export { FDA, FDA_DEFAULTS, createFDA, type FDAConfig } from './fda.js';
export { plugin } from './plugin.js';
