import type { BaseEstimator } from './base-estimator.js';
import { checkHyperValue } from './hyper.js';

/**
 * IR-Net's gradient scale for a sharpness t: k = max(1/t, 1). The gradient of a progressive
 * estimator peaks at 0 in proportion to k·t = max(1, t), so a small t widens the gradient without
 * letting its peak fall below its value at t = 1.
 */
export function followingScale(t: number): number {
  return Math.max(1 / t, 1);
}

/**
 * `setHyper` for an estimator with a sharpness `t` and a gradient scale `k` that follows t as
 * {@link followingScale} unless its config fixed k (IR-Net's EDE, RBNN's weight estimator). While
 * k follows t, setting t also sets k, both values checked before either changes so that a failure
 * leaves the estimator as it was, and setting k throws, naming the factory call that fixes k.
 * Otherwise `set` sets the value as usual.
 *
 * @param estimator the estimator, and whether its k follows t
 * @param factory the factory named in the error, e.g. `'createEDE'`
 * @param name the hyper-parameter to set
 * @param value its new value
 * @param set the estimator's ordinary `setHyper` (`BaseEstimator`'s), which checks the value's range
 */
export function setHyperWithFollowingScale(
  estimator: Pick<BaseEstimator, 'id' | 'hyperSpec' | 'hyper'> & { readonly kFollowsT: boolean },
  factory: string,
  name: string,
  value: number,
  set: (name: string, value: number) => void,
): void {
  if (name === 'k' && estimator.kFollowsT) {
    throw new RangeError(
      `${estimator.id}: k follows t as max(1/t, 1) in this estimator, so it cannot be set; to control k, create the estimator with a fixed k, e.g. ${factory}({ t: ${estimator.hyper.t}, k: ${value} }).`,
    );
  }
  if (name === 't' && estimator.kFollowsT) {
    checkHyperValue(estimator.id, 't', estimator.hyperSpec.t, value);
    const k = followingScale(value);
    checkHyperValue(estimator.id, 'k = max(1/t, 1)', estimator.hyperSpec.k, k);
    set('t', value);
    set('k', k);
    return;
  }
  set(name, value);
}
