import * as tf from '@tensorflow/tfjs-core';

/**
 * The optimisers of the paper's recipes, written out so that every detail is the reference's:
 * the learning rate is set per epoch, weight decay reaches every trainable parameter, and the
 * state is a set of named tensors that a checkpoint saves and restores exactly.
 */
export interface TrainOptimizer {
  /** `sgd` or `adamw`. */
  readonly kind: 'sgd' | 'adamw';
  /** The learning rate used by the next update. */
  learningRate: number;
  /** Updates `variables` in place from `grads` (keyed by variable name). Disposes nothing of the caller's. */
  apply(variables: readonly tf.Variable[], grads: tf.NamedTensorMap): void;
  /**
   * The optimiser state, keyed by `<index of the parameter in variables>/<slot>` (and `step` for
   * AdamW): positions, not variable names, because tfjs numbers names per process. The tensors
   * are the caller's to dispose (clones, which share the slots' data).
   */
  state(variables: readonly tf.Variable[]): tf.NamedTensorMap;
  /** Restores a state from {@link state}; throws naming the first missing or misshapen slot. */
  restore(state: tf.NamedTensorMap, variables: readonly tf.Variable[]): void;
  /** Frees the state. */
  dispose(): void;
}

/**
 * SGD with momentum exactly as PyTorch's (docs/method.md §7.2): g ← g + wd·p; v ← μ·v + g; p ← p − lr·v
 * (no dampening, no Nesterov), weight decay on every parameter including BatchNorm's γ and β.
 */
export class SgdMomentum implements TrainOptimizer {
  readonly kind = 'sgd';
  private readonly velocity = new Map<string, tf.Variable>();

  constructor(public learningRate: number, private readonly momentum: number, private readonly weightDecay: number) {}

  apply(variables: readonly tf.Variable[], grads: tf.NamedTensorMap): void {
    for (const p of variables) {
      const g = grads[p.name];
      if (g === undefined) continue;
      const v = slot(this.velocity, p, 'velocity');
      tf.tidy(() => {
        const decayed = this.weightDecay === 0 ? g : tf.add(g, tf.mul(p, this.weightDecay));
        const next = tf.add(tf.mul(v, this.momentum), decayed);
        v.assign(next);
        p.assign(tf.sub(p, tf.mul(next, this.learningRate)));
      });
    }
  }

  state(variables: readonly tf.Variable[]): tf.NamedTensorMap {
    return slotState(variables, { velocity: this.velocity });
  }

  restore(state: tf.NamedTensorMap, variables: readonly tf.Variable[]): void {
    restoreSlots(state, variables, ['velocity'], (p, slotName, value) => slot(this.velocity, p, slotName).assign(value));
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
    this.velocity.clear();
  }
}

/**
 * AdamW as PyTorch's (decoupled weight decay): p ← p·(1 − lr·wd), then the bias-corrected Adam
 * step with β = (0.9, 0.999), ε = 1e-8.
 */
export class AdamW implements TrainOptimizer {
  readonly kind = 'adamw';
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private step = 0;

  constructor(
    public learningRate: number,
    private readonly weightDecay: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {}

  apply(variables: readonly tf.Variable[], grads: tf.NamedTensorMap): void {
    this.step += 1;
    const correction1 = 1 - this.beta1 ** this.step;
    const correction2 = 1 - this.beta2 ** this.step;
    for (const p of variables) {
      const g = grads[p.name];
      if (g === undefined) continue;
      const m = slot(this.m, p, 'm');
      const v = slot(this.v, p, 'v');
      tf.tidy(() => {
        const nextM = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
        const nextV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        m.assign(nextM);
        v.assign(nextV);
        const update = tf.div(tf.div(nextM, correction1), tf.add(tf.sqrt(tf.div(nextV, correction2)), this.epsilon));
        const decayed = tf.mul(p, 1 - this.learningRate * this.weightDecay);
        p.assign(tf.sub(decayed, tf.mul(update, this.learningRate)));
      });
    }
  }

  state(variables: readonly tf.Variable[]): tf.NamedTensorMap {
    return { step: tf.scalar(this.step), ...slotState(variables, { m: this.m, v: this.v }) };
  }

  restore(state: tf.NamedTensorMap, variables: readonly tf.Variable[]): void {
    const step = state.step;
    if (step === undefined) throw new Error('the AdamW state has no step counter');
    this.step = step.dataSync()[0];
    restoreSlots(state, variables, ['m', 'v'], (p, slotName, value) => slot(slotName === 'm' ? this.m : this.v, p, slotName).assign(value));
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}

function slot(slots: Map<string, tf.Variable>, p: tf.Variable, name: string): tf.Variable {
  let s = slots.get(p.name);
  if (s === undefined) {
    // tidy: the zeros are copied into the variable and must not outlive this call.
    s = tf.tidy(() => tf.variable(tf.zerosLike(p), false, `${p.name}/${name}`));
    slots.set(p.name, s);
  }
  return s;
}

function slotState(variables: readonly tf.Variable[], slots: Record<string, Map<string, tf.Variable>>): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  variables.forEach((p, i) => {
    for (const [slotName, map] of Object.entries(slots)) {
      const value = map.get(p.name);
      if (value !== undefined) out[`${i}/${slotName}`] = tf.clone(value);
    }
  });
  return out;
}

function restoreSlots(
  state: tf.NamedTensorMap,
  variables: readonly tf.Variable[],
  slotNames: string[],
  set: (p: tf.Variable, slotName: string, value: tf.Tensor) => void,
): void {
  variables.forEach((p, i) => {
    for (const slotName of slotNames) {
      const value = state[`${i}/${slotName}`];
      if (value === undefined) continue; // a parameter that never received a gradient has no slot
      if (value.shape.join('x') !== p.shape.join('x')) {
        throw new Error(`optimiser slot ${p.name}/${slotName} has shape [${value.shape}] but the parameter has [${p.shape}]`);
      }
      set(p, slotName, value);
    }
  });
}
