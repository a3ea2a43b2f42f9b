/**
 * Gradient overrides that make batch-norm backward one fused kernel on the `native` backend.
 *
 * In training, tfjs-layers' BatchNormalization runs `moments` (Mean, Sub, Square, Mean) and then
 * `FusedBatchNorm`, and the tape differentiates all of it: about a dozen full-size broadcast
 * operations per layer. When the active backend is `native` and the batch-norm's mean and
 * variance are the batch moments of its input (see `MomentsTracker`), the `FusedBatchNorm`
 * gradient instead returns the complete training-mode dx from one oneDNN kernel, and zero
 * gradients for mean and variance. Those zeros are tagged; the Mean, Square and Sub gradients
 * pass tagged zeros on without computing, and the native Add returns the other operand, so the
 * moments branch of the tape costs nothing. Gradients flowing into mean or variance from
 * anywhere else are not zero and take tfjs's own gradient, so the result stays exact.
 *
 * ReLU's gradient, `dy * step(x)`, likewise becomes one native pass instead of three kernels.
 *
 * Each override calls the gradient tfjs registered for batch norm with running statistics and
 * whenever `native` is not the active backend (they are removed when another backend is set, see
 * `global-patches.ts`, but a backend unset by `removeBackend` or `engine().reset()` sets none).
 */
import {
  engine,
  FusedBatchNorm,
  Mean,
  Relu,
  Square,
  Sub,
  type GradConfig,
  type NamedAttrMap,
  type NamedTensorMap,
  type Tensor,
} from '@tensorflow/tfjs-core';
import type { NativeBackend } from './backend.js';
import { FUSED_BATCH_NORM_GRAD, fusedGradSupported } from './kernels/batch-norm-support.js';
import { RELU_GRAD } from './opcodes.js';
import { allFloat32, BACKEND_NAME } from './kernels/kernel.js';

export type GradFunc = NonNullable<GradConfig['gradFunc']>;
type GradMap = ReturnType<GradFunc>;

function activeNative(): NativeBackend | null {
  const e = engine();
  return e.backendName === BACKEND_NAME ? (e.backend as NativeBackend) : null;
}

function zerosLike(backend: NativeBackend, like: Tensor): Tensor {
  return engine().makeTensorFromTensorInfo(backend.zeros(like.shape)) as Tensor;
}

function fusedBatchNormGrad(fallback: GradFunc): GradFunc {
  return (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap): GradMap => {
    const backend = activeNative();
    const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
    const grad = dy as Tensor;
    if (
      backend === null ||
      !allFloat32(backend, grad) ||
      !fusedGradSupported(backend, x, mean, variance, scale) ||
      !backend.moments.isBatchMoments(x, mean, variance)
    ) {
      return fallback(dy, saved, attrs);
    }
    const inputs: NamedTensorMap = { x, dy: grad, mean, variance };
    if (scale != null) inputs['scale'] = scale;
    const [dx, dScale, dOffset] = engine().runKernel(FUSED_BATCH_NORM_GRAD, inputs, attrs) as Tensor[];
    return {
      x: () => dx as Tensor,
      mean: () => zerosLike(backend, mean),
      variance: () => zerosLike(backend, variance),
      scale: () => dScale as Tensor,
      offset: () => dOffset as Tensor,
    };
  };
}

/** ReLU's gradient `dy * step(x)` as one native pass instead of Step, Cast and Multiply. */
function reluGrad(fallback: GradFunc): GradFunc {
  return (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap): GradMap => {
    const backend = activeNative();
    const [x] = saved as [Tensor];
    const grad = dy as Tensor;
    const sameShape = grad.shape.length === x.shape.length && grad.shape.every((d, i) => d === x.shape[i]);
    if (backend === null || !sameShape || !allFloat32(backend, grad, x)) return fallback(dy, saved, attrs);
    return { x: () => engine().runKernel(RELU_GRAD, { dy: grad, x }) as Tensor };
  };
}

/** A gradient that maps a tagged zero upstream gradient to tagged zeros for its saved inputs. */
function zeroPassing(fallback: GradFunc, inputNames: readonly string[]): GradFunc {
  return (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap): GradMap => {
    const backend = activeNative();
    if (backend === null || Array.isArray(dy) || !backend.isKnownZero(dy)) return fallback(dy, saved, attrs);
    return Object.fromEntries(inputNames.map((name, i) => [name, () => zerosLike(backend, saved[i] as Tensor)]));
  };
}

/** A gradient override: the kernel, which registered gradients it fits, and the wrapper. */
export interface GradientOverride {
  readonly kernelName: string;
  /** Only a gradient that saves exactly these inputs is wrapped (the wrapper reads them from `saved`). */
  readonly inputsToSave: readonly string[] | null;
  readonly make: (fallback: GradFunc) => GradFunc;
}

/** A gradient that maps tagged zeros on: only one saving exactly these inputs can be given zeros for them. */
function zeroPassingOverride(kernelName: string, inputNames: readonly string[]): GradientOverride {
  return { kernelName, inputsToSave: inputNames, make: (fallback) => zeroPassing(fallback, inputNames) };
}

/**
 * Every gradient the `native` backend overrides. `global-patches.ts` registers them over tfjs's
 * gradients while `native` is the active backend and restores tfjs's own otherwise.
 */
export const GRADIENT_OVERRIDES: readonly GradientOverride[] = [
  { kernelName: FusedBatchNorm, inputsToSave: null, make: fusedBatchNormGrad },
  { kernelName: Relu, inputsToSave: ['x'], make: reluGrad },
  zeroPassingOverride(Mean, ['x']),
  zeroPassingOverride(Square, ['x']),
  zeroPassingOverride(Sub, ['a', 'b']),
];
