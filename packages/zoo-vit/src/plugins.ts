import { TOKENS, type BackbonePlugin, type PluginContainer } from '@signflow/core';
import { vitTiny } from './vit.js';

/** The backbones of this package, as registered in the application's container. */
export const backbones: BackbonePlugin[] = [
  {
    id: 'vit-tiny',
    description: 'ViT-tiny (patch 16, dim 192, depth 12, 3 heads) with binary attention and MLP linears, FP patch embedding and head; 5,717,416 parameters',
    defaultInputShape: [224, 224, 3],
    recipe: 'vit',
    create: vitTiny,
  },
];

/** Registers every backbone of this package under `TOKENS.Backbone`. */
export function register(container: PluginContainer): void {
  for (const plugin of backbones) container.register(TOKENS.Backbone, { useValue: plugin });
}
