export { ApproxSign, createApproxSign, type ApproxSignConfig } from './approxsign.js';
export { plugin, register } from './plugin.js';
