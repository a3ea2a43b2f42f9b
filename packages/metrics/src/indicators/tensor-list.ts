import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Checks that `tensors` is a non-empty list of tensors with at least `minSize` elements each,
 * throwing an error that names the function, the argument and the offending entry.
 */
export function checkTensorList(owner: string, argument: string, tensors: readonly Tensor[], minSize: number): void {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new RangeError(
      `${owner}: ${argument} must be a non-empty array of tensors, one per binarised layer; got ${Array.isArray(tensors) ? 'an empty array' : typeof tensors}. ` +
        `A model without binarised kernels has no such indicator.`,
    );
  }
  tensors.forEach((t, i) => {
    if (t === null || typeof t !== 'object' || typeof (t as Tensor).dataSync !== 'function') {
      throw new TypeError(`${owner}: ${argument}[${i}] is not a tensor.`);
    }
    if (t.size < minSize) {
      throw new RangeError(`${owner}: ${argument}[${i}] has ${t.size} element(s); at least ${minSize} are needed.`);
    }
  });
}
