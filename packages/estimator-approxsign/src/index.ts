export { ApproxSign, createApproxSign, type ApproxSignConfig } from './approxsign.js';
export { plugin } from './plugin.js';
