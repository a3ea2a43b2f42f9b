import { TOKENS, type BackbonePlugin, type PluginContainer } from '@signflow/core';
import { vggSmall } from './vgg-small.js';

/** The backbones of this package, as registered in the application's container. */
export const backbones: BackbonePlugin[] = [
  {
    id: 'vgg-small',
    description: 'VGG-small for CIFAR (five binary 3×3 convs, FP first conv and classifier); 4,660,106 parameters',
    defaultInputShape: [32, 32, 3],
    recipe: 'cifar',
    create: vggSmall,
  },
];

/** Registers every backbone of this package under `TOKENS.Backbone`. */
export function register(container: PluginContainer): void {
  for (const plugin of backbones) container.register(TOKENS.Backbone, { useValue: plugin });
}
