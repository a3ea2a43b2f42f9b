import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPlugins, unregisterBackbone, type BackboneOptions, type BackbonePlugin } from '@signflow/core';
import { plugin as dorefa } from '@signflow/estimator-dorefa';
import { plugin as reste } from '@signflow/estimator-reste';
import { createDataset } from '@signflow/data';
import { buildModel } from '../src/train/build-model.js';
import { registerFirstPartyPlugins } from '../src/plugins/first-party.js';
import { resolveRunConfig } from '../src/config/resolve-config.js';

/** A backbone that records the options it was built with. */
function recordingBackbone(): { plugin: BackbonePlugin; seen: BackboneOptions[] } {
  const seen: BackboneOptions[] = [];
  const plugin: BackbonePlugin = {
    id: 'probe',
    description: 'records its options',
    defaultInputShape: [2, 2, 1],
    recipe: 'small',
    create: (options = {}) => {
      seen.push(options);
      const input = tfl.input({ shape: [2, 2, 1] });
      return tfl.model({ inputs: input, outputs: tfl.layers.flatten().apply(input) as tfl.SymbolicTensor });
    },
  };
  return { plugin, seen };
}

const dataset = createDataset({
  name: 'tiny',
  imageShape: [2, 2, 1],
  classNames: ['a', 'b', 'c'],
  normalization: { mean: [0], std: [1] },
  transforms: { train: { kind: 'none' }, eval: { kind: 'none' } } as never,
  splits: { train: { images: new Uint8Array(4), labels: Int32Array.from([0]) }, test: { images: new Uint8Array(4), labels: Int32Array.from([1]) } },
});

const probe = recordingBackbone();
beforeAll(() => {
  registerFirstPartyPlugins();
  registerPlugins(probe.plugin);
});
afterAll(() => unregisterBackbone('probe'));

const config = (flags: Record<string, unknown>) => resolveRunConfig({ backbone: 'probe', ...flags });

describe('buildModel', () => {
  it('gives the backbone estimators per bit setting, with the plugin role defaults under the run config', () => {
    const { plugin, seen } = probe;
    buildModel(config({ estimator: 'dorefa', bits: '1/1' }), plugin, dorefa, dataset);
    expect(seen[0].weightEstimator?.getConfig()).toMatchObject({ mode: 'weights', bits: 1 });
    expect(seen[0].activationEstimator?.getConfig()).toMatchObject({ mode: 'activations', bits: 1 });
    expect(seen[0]).toMatchObject({ numClasses: 3, inputShape: [2, 2, 1], seed: 1234 });

    buildModel(config({ estimator: 'reste', bits: '1/32', estimatorConfig: { t: 1.25 } }), plugin, reste, dataset);
    expect(seen[1].weightEstimator?.hyper).toMatchObject({ t: 1.25 });
    expect(seen[1].activationEstimator).toBeNull();

    const { estimators } = buildModel(config({ estimator: 'reste', bits: '32/32' }), plugin, reste, dataset);
    expect(estimators).toEqual([]);
    expect(seen[2]).toMatchObject({ weightEstimator: null, activationEstimator: null });
  });
});
