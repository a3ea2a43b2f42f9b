import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createEstimator,
  getEstimatorPlugin,
  listEstimators,
  registerEstimator,
  unregisterEstimator,
  UnknownEstimatorError,
} from '../src/index.js';
import { scaledStePlugin } from './helpers.js';

afterEach(() => {
  unregisterEstimator(scaledStePlugin.id);
  unregisterEstimator('other');
});

describe('estimator registry', () => {
  it('registers, gets, lists and unregisters', () => {
    registerEstimator(scaledStePlugin);
    expect(getEstimatorPlugin('test-scaled-ste')).toBe(scaledStePlugin);
    expect(listEstimators()).toContain('test-scaled-ste');
    expect(createEstimator('test-scaled-ste', { k: 2 }).hyper).toEqual({ k: 2 });
    expect(unregisterEstimator('test-scaled-ste')).toBe(true);
    expect(unregisterEstimator('test-scaled-ste')).toBe(false);
  });

  it('names the known ids on an unknown id', () => {
    registerEstimator(scaledStePlugin);
    expect(() => getEstimatorPlugin('resteX')).toThrow(UnknownEstimatorError);
    expect(() => getEstimatorPlugin('resteX')).toThrow(/Unknown estimator 'resteX'. Known estimators: .*test-scaled-ste/);
  });

  it('lives on globalThis so that copies of the package share it', () => {
    registerEstimator(scaledStePlugin);
    const map = (globalThis as unknown as Record<symbol, Map<string, unknown>>)[Symbol.for('signflow.estimatorRegistry')];
    expect(map.get('test-scaled-ste')).toBe(scaledStePlugin);
  });

  it('warns when an id is registered again by another plugin', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    registerEstimator(scaledStePlugin);
    registerEstimator({ ...scaledStePlugin });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/'test-scaled-ste' is registered again/));
    warn.mockRestore();
  });

  it('rejects objects that are not plugins', () => {
    expect(() => registerEstimator({ id: 'other' } as never)).toThrow(/expected an object with a string 'id' and a 'create' function/);
  });
});
