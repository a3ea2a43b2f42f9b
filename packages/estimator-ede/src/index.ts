export { EDE, EDE_DEFAULTS, createEDE, edeScale, type EDEConfig } from './ede.js';
export { EDE_SCHEDULES, plugin } from './plugin.js';
