import type { Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BaseEstimator, binarySign, followingScale, setHyperWithFollowingScale } from '../src/index.js';

/** A test-only estimator with a sharpness t, a scale k capped at 5 and an unrelated m. */
class Progressive extends BaseEstimator {
  readonly kFollowsT: boolean;

  constructor(t: number, k?: number) {
    super(
      'progressive',
      1,
      {
        t: { description: 'sharpness', min: 0, minExclusive: true },
        k: { description: 'scale', min: 0, minExclusive: true, max: 5 },
        m: { description: 'unrelated', min: 0 },
      },
      { t, k: k ?? followingScale(t), m: 0 },
    );
    this.kFollowsT = k === undefined;
  }

  override setHyper(name: string, value: number): void {
    setHyperWithFollowingScale(this, 'createProgressive', name, value, (n, v) => super.setHyper(n, v));
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  pseudoGrad(_x: Tensor, dy: Tensor): Tensor {
    return dy;
  }
}

describe('followingScale', () => {
  it('is max(1/t, 1)', () => {
    expect([0.1, 0.25, 0.5, 1, 4].map(followingScale)).toEqual([10, 4, 2, 1, 1]);
  });
});

describe('setHyperWithFollowingScale', () => {
  it('sets k = max(1/t, 1) with t while k follows t', () => {
    const estimator = new Progressive(1);
    estimator.setHyper('t', 0.25);
    expect(estimator.hyper).toEqual({ t: 0.25, k: 4, m: 0 });
    estimator.setHyper('t', 3);
    expect(estimator.hyper).toEqual({ t: 3, k: 1, m: 0 });
  });

  it('refuses to set k while it follows t, naming the factory call that fixes it', () => {
    const estimator = new Progressive(0.5);
    expect(() => estimator.setHyper('k', 3)).toThrow(RangeError);
    expect(() => estimator.setHyper('k', 3)).toThrow(
      /^progressive: k follows t as max\(1\/t, 1\) in this estimator, so it cannot be set; .* e\.g\. createProgressive\(\{ t: 0\.5, k: 3 \}\)\.$/,
    );
    expect(estimator.hyper).toEqual({ t: 0.5, k: 2, m: 0 });
  });

  it('changes neither t nor k when either new value is out of range', () => {
    const estimator = new Progressive(1);
    expect(() => estimator.setHyper('t', 0)).toThrow(/progressive: t = 0 is out of range/);
    // t = 0.1 is a valid sharpness, but its k = 10 exceeds k's maximum 5.
    expect(() => estimator.setHyper('t', 0.1)).toThrow(/progressive: k = max\(1\/t, 1\) = 10 is out of range/);
    expect(estimator.hyper).toEqual({ t: 1, k: 1, m: 0 });
  });

  it('sets t and k independently once k is fixed, and any other hyper-parameter as usual', () => {
    const estimator = new Progressive(1, 3);
    estimator.setHyper('t', 0.25);
    estimator.setHyper('k', 2);
    estimator.setHyper('m', 7);
    expect(estimator.hyper).toEqual({ t: 0.25, k: 2, m: 7 });
    expect(() => estimator.setHyper('k', 6)).toThrow(/progressive: k = 6 is out of range/);
    expect(() => new Progressive(1).setHyper('m', -1)).toThrow(/progressive: m = -1 is out of range/);
  });
});
