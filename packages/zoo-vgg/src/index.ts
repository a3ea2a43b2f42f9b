export { vggSmall, type VggSmallOptions } from './vgg-small.js';
export { backbones, register } from './plugins.js';
export { describeBackbone, type BackboneDescription, type LayerDescription } from '@signflow/core';
