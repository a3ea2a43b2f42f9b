import { type BackbonePlugin } from '@signflow/core';
import { vggSmall } from './vgg-small.js';

/** The backbones of this package, for `registerPlugins` from `@signflow/core`. */
export const backbones: BackbonePlugin[] = [
  {
    id: 'vgg-small',
    description: 'VGG-small for CIFAR (five binary 3×3 convs, FP first conv and classifier); 4,660,106 parameters',
    defaultInputShape: [32, 32, 3],
    recipe: 'cifar',
    optionKeys: ['widthMultiplier'],
    create: vggSmall,
  },
];
