import { serialization } from '@tensorflow/tfjs-core';
import { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * The model class of the backbones: a `LayersModel` whose `countParams()` sums its layers' own
 * counts, so that BatchNorm running statistics (state, not parameters) are left out and the total
 * equals PyTorch's `sum(p.numel() for p in model.parameters())`, the convention of the reference
 * parameter counts. `LayersModel.countParams()` would add two values per BatchNorm channel.
 * Registered for serialisation, so a saved backbone loads back as one.
 */
export class BackboneModel extends LayersModel {
  /** Serialisation name, namespaced to avoid clashes. */
  static override className = 'signflow>BackboneModel';

  override countParams(): number {
    return this.layers.reduce((sum, layer) => sum + layer.countParams(), 0);
  }
}

serialization.registerClass(BackboneModel);
