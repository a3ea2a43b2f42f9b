export { vggSmall } from './vgg-small.js';
export { backbones, register } from './plugins.js';
export { BatchNorm, batchNorm, type BatchNormArgs } from './batch-norm.js';
export { BackboneModel } from './backbone-model.js';
export { describeBackbone, type BackboneDescription, type LayerDescription } from './describe.js';
