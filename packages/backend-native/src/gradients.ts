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
 * On every other backend, and for batch norm with running statistics, each override calls the
 * gradient tfjs registered.
 */
import {
  engine,
  FusedBatchNorm,
  getGradient,
  Mean,
  registerGradient,
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

type GradFunc = NonNullable<GradConfig['gradFunc']>;
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

const ours = new WeakSet<GradFunc>();

/** Wraps the gradient registered for `kernelName`, unless there is none or it is already ours. */
function override(kernelName: string, make: (fallback: GradFunc) => GradFunc): void {
  const current = getGradient(kernelName);
  if (current === undefined || ours.has(current.gradFunc)) return;
  const gradFunc = make(current.gradFunc);
  ours.add(gradFunc);
  registerGradient({ ...current, gradFunc });
}

/**
 * Installs the overrides over whatever gradients are registered now. tfjs registers its
 * gradients when tfjs-layers or the union package is imported, which may happen after this
 * package, and registering them again replaces ours, so the native Mean and FusedBatchNorm
 * kernels call this on every run (a few map look-ups): the tape picks a gradient up when it
 * records a kernel, and a `moments` computation starts with Mean.
 */
export function ensureGradientOverrides(): void {
  override(FusedBatchNorm, fusedBatchNormGrad);
  if (getGradient(Relu)?.inputsToSave?.join() === 'x') override(Relu, reluGrad);
  for (const [kernelName, inputNames] of ZERO_PASSING) {
    // Only a gradient that saves exactly these inputs can be given zeros for them.
    if (getGradient(kernelName)?.inputsToSave?.join() !== inputNames.join()) continue;
    override(kernelName, (fallback) => zeroPassing(fallback, inputNames));
  }
}

const ZERO_PASSING: readonly (readonly [string, readonly string[]])[] = [
  [Mean, ['x']],
  [Square, ['x']],
  [Sub, ['a', 'b']],
];
