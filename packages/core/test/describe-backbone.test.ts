import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { BackboneModel, BatchNorm, describeBackbone, QuantDense } from '../src/index.js';
import { ScaledSte } from './helpers.js';

/**
 * input [4] → binary dense (1-bit kernel and input, 3 units) → BatchNorm → dense with a 1-bit
 * input only (2 units) → tfjs Dense (2 units).
 */
function tinyModel(): BackboneModel {
  const sign = new ScaledSte({ k: 1 });
  const x = tfl.input({ shape: [4], name: 'pixels' });
  let y = new QuantDense({ name: 'binary', units: 3, kernelEstimator: sign, inputEstimator: sign }).apply(x) as tfl.SymbolicTensor;
  y = new BatchNorm({ name: 'norm' }).apply(y) as tfl.SymbolicTensor;
  y = new QuantDense({ name: 'real_kernel', units: 2, inputEstimator: sign }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.dense({ name: 'head', units: 2 }).apply(y) as tfl.SymbolicTensor;
  return new BackboneModel({ inputs: x, outputs: y, name: 'tiny' });
}

describe('describeBackbone', () => {
  it('counts parameters per layer and marks only kernels with a 1-bit estimator as quantised', () => {
    const model = tinyModel();
    const description = describeBackbone(model);
    expect(description.layers.map(({ name, params, quantizedParams, kernelBits, inputBits, outputShape }) => ({
      name,
      params,
      quantizedParams,
      kernelBits,
      inputBits,
      outputShape,
    }))).toEqual([
      { name: 'pixels', params: 0, quantizedParams: 0, kernelBits: 32, inputBits: 32, outputShape: [null, 4] },
      // kernel 4·3 (binary) + bias 3
      { name: 'binary', params: 15, quantizedParams: 12, kernelBits: 1, inputBits: 1, outputShape: [null, 3] },
      // γ and β, 3 each; the running statistics are not parameters
      { name: 'norm', params: 6, quantizedParams: 0, kernelBits: 32, inputBits: 32, outputShape: [null, 3] },
      // kernel 3·2 + bias 2, full-precision kernel behind a binary input
      { name: 'real_kernel', params: 8, quantizedParams: 0, kernelBits: 32, inputBits: 1, outputShape: [null, 2] },
      // kernel 2·2 + bias 2
      { name: 'head', params: 6, quantizedParams: 0, kernelBits: 32, inputBits: 32, outputShape: [null, 2] },
    ]);
    expect(description.layers.map((layer) => layer.className)).toEqual(['InputLayer', 'signflow>QuantDense', 'signflow>BatchNorm', 'signflow>QuantDense', 'Dense']);
    expect(description).toMatchObject({ name: 'tiny', totalParams: 35, quantizedParams: 12, fullPrecisionParams: 23, quantizedLayers: 1 });
    expect(description.totalParams).toBe(model.countParams()); // the backbones' convention: no running statistics
    model.dispose();
  });
});
