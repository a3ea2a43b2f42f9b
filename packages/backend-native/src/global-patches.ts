/**
 * Every change the `native` backend makes to tfjs's global state, in one place:
 *
 * - `engine().gradients` runs the lean backward pass (`lean-backward.ts`) for first-order
 *   gradients;
 * - the gradients registered for FusedBatchNorm, Relu, Mean, Square and Sub are wrapped by the
 *   overrides of `gradients.ts`.
 *
 * Both are installed while `native` is the active backend and removed when another backend is
 * set, restoring tfjs's originals themselves (the very `GradConfig` objects that were registered,
 * and the engine's own `gradients`), so that `cpu` after `native` behaves exactly as `cpu` before.
 *
 * How a switch is noticed: tfjs has no event for it, but every path that makes a backend active
 * — `tf.setBackend`, `tf.ready()`, and the first use of `engine().backend` choosing the
 * highest-priority backend — goes through `engine().setBackend`. So `watchBackendSwitches` wraps
 * that one method once, on the engine instance, and syncs after each call; this wrapper is the
 * only global change that stays. It is simpler and more robust than the alternatives: installing
 * from the backend factory runs only on the first activation (and also when `findBackend` merely
 * creates the backend), and checking on every kernel run would cost every kernel. Two paths unset
 * a backend without setting another (`removeBackend` of the active one, `engine().reset()`); the
 * patches then stay until the next `setBackend`, but each one still checks that `native` is
 * active on every call and otherwise does exactly what tfjs's original does.
 *
 * tfjs-layers (or the union package) registers tfjs's gradients when imported, possibly after
 * `native` was set, which replaces the overrides; the native Mean and FusedBatchNorm kernels
 * therefore call `ensureGlobalPatches()` on every run (a flag and a few map look-ups), which
 * wraps any gradient registered since.
 */
import { engine, getGradient, registerGradient, type GradConfig } from '@tensorflow/tfjs-core';
import { GRADIENT_OVERRIDES, type GradFunc } from './gradients.js';
import { BACKEND_NAME } from './kernels/kernel.js';
import { leanGradients, type EngineInternals } from './lean-backward.js';

type Gradients = EngineInternals['gradients'];

interface PatchableEngine extends EngineInternals {
  backendName: string | null;
  setBackend(backendName: string): Promise<boolean>;
}

const patchable = (): PatchableEngine => engine() as unknown as PatchableEngine;

/** The gradient configs the overrides replaced, by kernel name, while installed. */
const originalGradients = new Map<string, GradConfig>();
/** The gradient functions this module registered. */
const ours = new WeakSet<GradFunc>();

/** The lean `engine().gradients` while installed, and what it replaced. */
let lean: { readonly gradients: Gradients; readonly original: Gradients; readonly ownProperty: boolean } | null = null;

function nativeActive(): boolean {
  return engine().backendName === BACKEND_NAME;
}

function installLeanBackward(): void {
  if (lean !== null) return;
  const e = patchable();
  const original = e.gradients;
  const ownProperty = Object.prototype.hasOwnProperty.call(e, 'gradients');
  const gradients: Gradients = (f, xs, dy, allowNoGradients = false) =>
    nativeActive() && e.state.gradientDepth === 0
      ? leanGradients(e, f, xs, dy, allowNoGradients)
      : original.call(e, f, xs, dy, allowNoGradients);
  e.gradients = gradients;
  lean = { gradients, original, ownProperty };
}

function removeLeanBackward(): void {
  if (lean === null) return;
  const e = patchable();
  // Left alone if something else has replaced it since.
  if (e.gradients === lean.gradients) {
    if (lean.ownProperty) e.gradients = lean.original;
    else delete (e as Partial<PatchableEngine>).gradients;
  }
  lean = null;
}

/** Wraps every overridden gradient registered now that is not ours yet. */
function installGradientOverrides(): void {
  for (const { kernelName, inputsToSave, make } of GRADIENT_OVERRIDES) {
    const current = getGradient(kernelName);
    if (current === undefined || ours.has(current.gradFunc)) continue;
    if (inputsToSave !== null && current.inputsToSave?.join() !== inputsToSave.join()) continue;
    const gradFunc = make(current.gradFunc);
    ours.add(gradFunc);
    originalGradients.set(kernelName, current);
    registerGradient({ ...current, gradFunc });
  }
}

/** Registers the originals again where ours are still registered. */
function removeGradientOverrides(): void {
  for (const [kernelName, original] of originalGradients) {
    const current = getGradient(kernelName);
    if (current !== undefined && ours.has(current.gradFunc)) registerGradient(original);
  }
  originalGradients.clear();
}

/**
 * Installs the patches, or wraps the gradients registered since they were (idempotent, cheap:
 * the native kernels that need the overrides call it on every run).
 */
export function ensureGlobalPatches(): void {
  installLeanBackward();
  installGradientOverrides();
}

/** Removes the patches, restoring tfjs's own gradients and `engine().gradients`. */
export function removeGlobalPatches(): void {
  removeLeanBackward();
  removeGradientOverrides();
}

/** Whether the patches are installed (for tests). */
export function globalPatchesInstalled(): boolean {
  return lean !== null;
}

let watching = false;

/**
 * Installs the patches when `native` becomes the active backend and removes them when another is
 * set, by wrapping `engine().setBackend` (the one hook; see above). Called once, when the backend
 * is registered.
 */
export function watchBackendSwitches(): void {
  if (watching) return;
  watching = true;
  const e = patchable();
  const setBackend = e.setBackend;
  const sync = (): void => (nativeActive() ? ensureGlobalPatches() : removeGlobalPatches());
  e.setBackend = function (this: PatchableEngine, backendName: string): Promise<boolean> {
    const done = setBackend.call(this, backendName);
    // `backendName` is set at once and `native` initialises synchronously, so the patches are in
    // place before the returned promise is awaited, or before `engine().backend`'s automatic
    // choice returns; synced again when a backend with asynchronous initialisation is ready.
    sync();
    return done.then((ok) => {
      sync();
      return ok;
    });
  };
}
