import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  createEstimator,
  getBackbonePlugin,
  getEstimatorPlugin,
  listBackbones,
  listEstimators,
  registerEstimator,
  registerPlugins,
  unregisterBackbone,
  unregisterEstimator,
  UnknownBackboneError,
  UnknownEstimatorError,
  type BackbonePlugin,
} from '../src/index.js';
import { scaledStePlugin } from './helpers.js';

const tinyBackbone: BackbonePlugin = {
  id: 'test-tiny',
  description: 'a dense layer',
  defaultInputShape: [2, 2, 1],
  recipe: 'small',
  create: () => tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [2, 2, 1] }), tfl.layers.dense({ units: 2 })] }),
};

afterEach(() => {
  unregisterEstimator(scaledStePlugin.id);
  unregisterEstimator('other');
  unregisterBackbone(tinyBackbone.id);
});

describe('plugin registry', () => {
  it('registers, gets, lists and unregisters estimators', () => {
    registerEstimator(scaledStePlugin);
    expect(getEstimatorPlugin('test-scaled-ste')).toBe(scaledStePlugin);
    expect(listEstimators()).toContain('test-scaled-ste');
    expect(createEstimator('test-scaled-ste', { k: 2 }).hyper).toEqual({ k: 2 });
    expect(unregisterEstimator('test-scaled-ste')).toBe(true);
    expect(unregisterEstimator('test-scaled-ste')).toBe(false);
  });

  it('registers plugin objects, lists of them and module namespaces with one call', () => {
    const ids = registerPlugins(scaledStePlugin, [tinyBackbone]);
    expect(ids).toEqual({ estimators: ['test-scaled-ste'], backbones: ['test-tiny'] });
    unregisterEstimator(scaledStePlugin.id);
    unregisterBackbone(tinyBackbone.id);
    const fromModule = registerPlugins({ plugin: scaledStePlugin, backbones: [tinyBackbone] });
    expect(fromModule).toEqual({ estimators: ['test-scaled-ste'], backbones: ['test-tiny'] });
    expect(getBackbonePlugin('test-tiny')).toBe(tinyBackbone);
    expect(listBackbones()).toContain('test-tiny');
  });

  it("reads a CommonJS package's default export", () => {
    expect(registerPlugins({ default: { plugin: scaledStePlugin } })).toEqual({ estimators: ['test-scaled-ste'], backbones: [] });
  });

  it('names the known ids on an unknown id', () => {
    registerPlugins(scaledStePlugin, tinyBackbone);
    expect(() => getEstimatorPlugin('resteX')).toThrow(UnknownEstimatorError);
    expect(() => getEstimatorPlugin('resteX')).toThrow(/Unknown estimator 'resteX'. Known estimators: .*test-scaled-ste/);
    expect(() => getBackbonePlugin('resnet2O')).toThrow(UnknownBackboneError);
    expect(() => getBackbonePlugin('resnet2O')).toThrow(/Unknown backbone 'resnet2O'. Known backbones: .*test-tiny/);
  });

  it('lives on globalThis so that copies of the package share it', () => {
    registerEstimator(scaledStePlugin);
    const registry = (globalThis as unknown as Record<symbol, { estimators: Map<string, unknown> }>)[Symbol.for('signflow.pluginRegistry')];
    expect(registry.estimators.get('test-scaled-ste')).toBe(scaledStePlugin);
  });

  it('is silent when the same plugin is registered again, and warns when another plugin takes its id', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    registerEstimator(scaledStePlugin);
    registerPlugins(scaledStePlugin);
    expect(warn).not.toHaveBeenCalled();
    registerEstimator({ ...scaledStePlugin });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/estimator 'test-scaled-ste' is registered again/));
    warn.mockRestore();
  });

  it('rejects objects that are not plugins', () => {
    expect(() => registerEstimator({ id: 'other' } as never)).toThrow(/expected an object with a string 'id' and a 'create' function/);
    expect(() => registerPlugins({ id: 'other' } as never)).toThrow(/neither a plugin nor a module exporting 'plugin', 'plugins' or 'backbones'/);
    expect(() => registerPlugins({ helper: 1 } as never)).toThrow(/neither a plugin nor a module/);
  });
});
