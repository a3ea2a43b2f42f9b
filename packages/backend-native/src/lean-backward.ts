/**
 * A backward pass that frees memory as it goes.
 *
 * tfjs's `engine.gradients` keeps every tensor saved for the backward pass and every gradient it
 * computes until the whole pass has ended, so a training step's peak memory is all saved
 * activations plus all intermediate gradients. PyTorch frees both as soon as they have been used;
 * this pass does the same: once a tape node's gradient has run, the tensors saved for that node
 * and the gradients of its outputs are disposed, and so is a partial gradient once it has been
 * added into a sum. The walk over the tape, its filtering and its checks are tfjs's own
 * (`tape.ts`); only the lifetimes differ, and the gradients are the same tensors computed by the
 * same kernels in the same order.
 *
 * A tensor is disposed only when nothing can read it any more: it holds no entry of the gradient
 * map, it is not the caller's `dy` nor a gradient the pass returns, and no node still to be
 * processed saved it. Nested (higher-order) gradients keep tfjs's pass, which must keep the tape.
 */
import { add, ones, Tensor, util } from '@tensorflow/tfjs-core';

/** The parts of a tfjs tape node the pass uses (`tape.ts`'s `TapeNode`). */
interface TapeNode {
  readonly id: number;
  readonly kernelName: string;
  readonly inputs: Record<string, Tensor>;
  readonly outputs: Tensor[];
  readonly saved?: Tensor[];
  readonly gradient?: (dys: (Tensor | null)[]) => Record<string, () => Tensor>;
}

/** The engine internals `gradients` uses, as tfjs 4 names them. */
export interface EngineInternals {
  gradients(f: () => Tensor, xs: Tensor[], dy?: Tensor, allowNoGradients?: boolean): { value: Tensor; grads: Tensor[] };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T>(nameOrFn: string | (() => T), fn?: () => T): T;
  state: { gradientDepth: number; activeTape: TapeNode[] | null };
}

/**
 * `engine.gradients` with the lean backward pass. `global-patches.ts` makes `engine().gradients`
 * (and so `tf.grads`, `variableGrads` and every optimizer's `minimize`) call it for first-order
 * gradients while `native` is the active backend.
 */
export function leanGradients(
  e: EngineInternals,
  f: () => Tensor,
  xs: Tensor[],
  dy?: Tensor,
  allowNoGradients = false,
): { value: Tensor; grads: Tensor[] } {
  util.assert(xs.length > 0, () => 'gradients() received an empty list of xs.');
  if (dy != null && dy.dtype !== 'float32') throw new Error(`dy must have 'float32' dtype, but has '${dy.dtype}'`);
  const y = e.scopedRun(
    () => e.startTape(),
    () => e.endTape(),
    () => e.tidy('forward', f),
  );
  util.assert(y instanceof Tensor, () => 'The result y returned by f() must be a tensor.');
  // Kept here: a gradient computed inside a gradient function replaces the engine's tape.
  const fullTape = e.state.activeTape ?? [];
  const tape = filterTape(fullTape, xs, y);
  if (!allowNoGradients && tape.length === 0 && xs.length > 0) {
    throw new Error(
      'Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed encloses all operations that lead from x to y.',
    );
  }
  return e.tidy('backward', () => {
    const gradients = new GradientMap(dy, new Set(xs.map((x) => x.id)));
    gradients.set(y, dy ?? ones(y.shape));
    backpropagate(gradients, tape, (fn) => e.tidy(fn));
    const grads = xs.map((x) => gradients.get(x) as Tensor);
    for (const node of fullTape) for (const tensor of node.saved ?? []) tensor.dispose();
    e.state.activeTape = null;
    return { value: y, grads };
  });
}

/**
 * Gradients by tensor id, counting how many entries hold each gradient tensor so that one is
 * disposed when its last entry goes (a gradient function may return its `dy` unchanged, which
 * then sits under two ids).
 */
class GradientMap {
  private readonly byId = new Map<number, Tensor>();
  private readonly holders = new Map<Tensor, number>();

  constructor(
    private readonly callerDy: Tensor | undefined,
    private readonly xsIds: ReadonlySet<number>,
  ) {}

  get(x: Tensor): Tensor | undefined {
    return this.byId.get(x.id);
  }

  set(x: Tensor, gradient: Tensor): void {
    const previous = this.byId.get(x.id);
    this.byId.set(x.id, gradient);
    this.holders.set(gradient, (this.holders.get(gradient) ?? 0) + 1);
    if (previous !== undefined) this.release(previous);
  }

  /** Drops the gradient of `x`, which has been used, unless it is one the pass returns. */
  consume(x: Tensor): void {
    if (this.xsIds.has(x.id)) return;
    const gradient = this.byId.get(x.id);
    if (gradient === undefined) return;
    this.byId.delete(x.id);
    this.release(gradient);
  }

  /** Whether some entry holds `t` or the caller owns it. */
  isHeld(t: Tensor): boolean {
    return this.holders.has(t) || t === this.callerDy;
  }

  private release(gradient: Tensor): void {
    const count = (this.holders.get(gradient) ?? 0) - 1;
    if (count > 0) {
      this.holders.set(gradient, count);
      return;
    }
    this.holders.delete(gradient);
    if (gradient !== this.callerDy) gradient.dispose();
  }
}

/**
 * tfjs's `backpropagateGradients`, disposing what each node leaves behind. A node's gradient
 * function and its per-input thunks run in one tidy: several tfjs gradients compute their
 * results eagerly, outside the thunks (Sum's `ones(x.shape)`, for one), and those temporaries
 * would otherwise live until the pass ends.
 */
function backpropagate(
  gradients: GradientMap,
  tape: readonly TapeNode[],
  tidy: (fn: () => Tensor[]) => Tensor[],
): void {
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i] as TapeNode;
    const gradient = node.gradient;
    if (gradient == null) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    const dys = node.outputs.map((o) => gradients.get(o) ?? null);
    const inputNames = Object.keys(node.inputs);
    const dxs = tidy(() => {
      const inputGradients = gradient(dys);
      return inputNames.map((inputName) => {
        const thunk = inputGradients[inputName];
        if (thunk === undefined) {
          throw new Error(`Cannot backprop through input ${inputName}. Available gradients found: ${Object.keys(inputGradients)}.`);
        }
        return thunk();
      });
    });
    // Partial gradients added into a sum; disposed once the node is done (one tensor may be
    // returned for several inputs).
    const added: Tensor[] = [];
    inputNames.forEach((inputName, k) => {
      const dx = dxs[k] as Tensor;
      const x = node.inputs[inputName] as Tensor;
      checkGradient(node, inputName, dx, x);
      const current = gradients.get(x);
      if (current === undefined) {
        gradients.set(x, dx);
      } else {
        gradients.set(x, add(current, dx));
        added.push(dx);
      }
    });
    for (const output of node.outputs) gradients.consume(output);
    const saved = node.saved ?? [];
    for (const dx of added) if (!gradients.isHeld(dx) && !saved.includes(dx)) dx.dispose();
    for (const tensor of saved) if (!gradients.isHeld(tensor)) tensor.dispose();
  }
}

function checkGradient(node: TapeNode, inputName: string, dx: Tensor, x: Tensor): void {
  if (dx.dtype !== 'float32') {
    throw new Error(
      `Error in gradient for op ${node.kernelName}. The gradient of input ${inputName} must have 'float32' dtype, but has '${dx.dtype}'`,
    );
  }
  if (!util.arraysEqual(dx.shape, x.shape)) {
    throw new Error(
      `Error in gradient for op ${node.kernelName}. The gradient of input '${inputName}' has shape '${dx.shape}', which does not match the shape of the input '${x.shape}'`,
    );
  }
}

/** tfjs's `getFilteredNodesXToY`: the nodes on a path from some x to y, inputs pruned to those from x. */
function filterTape(tape: readonly TapeNode[], xs: readonly Tensor[], y: Tensor): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((input) => fromX.has(input.id))) {
      for (const output of node.outputs) fromX.add(output.id);
      nodesFromX.add(node.id);
    }
  }
  const leadToY = new Set([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i] as TapeNode;
    if (node.outputs.some((output) => leadToY.has(output.id))) {
      for (const input of Object.values(node.inputs)) leadToY.add(input.id);
      nodesToY.add(node.id);
    }
  }
  return tape
    .filter((node) => nodesFromX.has(node.id) && nodesToY.has(node.id))
    .map((node) => ({
      ...node,
      inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, input]) => fromX.has(input.id))),
    }));
}
