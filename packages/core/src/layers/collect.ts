import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Estimator } from '../estimator/estimator.js';
import { isQuantizedLayer } from './quantized-layer.js';

/** An estimator found in a model, with the layer and the role it plays there. */
export interface EstimatorSite {
  /** The layer's name. */
  readonly layerName: string;
  /** Whether the estimator quantises the layer's kernel or its input. */
  readonly role: 'kernel' | 'input';
  /** The estimator instance. */
  readonly estimator: Estimator;
}

/**
 * Every estimator used by the quantised layers of `model`, in layer order. The training clock
 * binds schedules to these (a loaded model has one instance per layer, a freshly built one may
 * share instances).
 */
export function collectEstimators(model: LayersModel): EstimatorSite[] {
  const sites: EstimatorSite[] = [];
  for (const layer of model.layers) {
    if (!isQuantizedLayer(layer)) continue;
    if (layer.kernelEstimator !== null) sites.push({ layerName: layer.name, role: 'kernel', estimator: layer.kernelEstimator });
    if (layer.inputEstimator !== null) sites.push({ layerName: layer.name, role: 'input', estimator: layer.inputEstimator });
  }
  return sites;
}

/** The distinct estimator instances of `model` (an instance shared by several layers appears once). */
export function uniqueEstimators(model: LayersModel): Estimator[] {
  return [...new Set(collectEstimators(model).map((site) => site.estimator))];
}
