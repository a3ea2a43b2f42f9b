export { vggSmall, type VggSmallOptions } from './vgg-small.js';
export { backbones } from './plugins.js';
export { describeBackbone, type BackboneDescription, type LayerDescription } from '@signflow/core';
