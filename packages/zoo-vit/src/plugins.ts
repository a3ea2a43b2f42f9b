import { type BackbonePlugin } from '@signflow/core';
import { vitTiny } from './vit.js';

/** The backbones of this package, for `registerPlugins` from `@signflow/core`. */
export const backbones: BackbonePlugin[] = [
  {
    id: 'vit-tiny',
    description: 'ViT-tiny (patch 16, dim 192, depth 12, 3 heads) with binary attention and MLP linears, FP patch embedding and head; 5,717,416 parameters',
    defaultInputShape: [224, 224, 3],
    recipe: 'vit',
    optionKeys: ['patchSize', 'depth', 'embedDim', 'numHeads', 'mlpRatio'],
    create: vitTiny,
  },
];
