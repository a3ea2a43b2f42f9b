export { vitTiny, type VitOptions } from './vit.js';
export { backbones } from './plugins.js';
export { MultiHeadDotProductAttention, type MultiHeadDotProductAttentionArgs } from './layers/multi-head-attention.js';
export { ClassTokenEmbedding, ClassTokenReadout, type ClassTokenEmbeddingArgs } from './layers/class-token.js';
export { LayerNorm, type LayerNormArgs } from './layers/layer-norm.js';
export { describeBackbone, type BackboneDescription, type LayerDescription } from '@signflow/core';
