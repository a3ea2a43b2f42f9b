import type { Estimator } from '../estimator/estimator.js';
import { checkHyperValue } from '../estimator/hyper.js';
import { scheduleRange, scheduleValue, validateSchedule, type ScheduleSpec } from './schedule.js';

/**
 * When a schedule is evaluated: once at the start of each epoch with progress e / E (the ReSTE
 * authors' rule, the default), or before every step with progress (e·S + s) / (E·S).
 */
export type ScheduleGranularity = 'epoch' | 'step';

/** A schedule driving one hyper-parameter of one or more estimators. */
export interface ScheduleBinding {
  /** Estimators whose hyper-parameter is set (ReSTE sets the same `o` on weights and activations). */
  readonly estimators: readonly Estimator[];
  /** The hyper-parameter name, e.g. `'o'`. */
  readonly hyper: string;
  /** The schedule. */
  readonly schedule: ScheduleSpec;
  /** Per epoch (default) or per step. */
  readonly granularity?: ScheduleGranularity;
}

/** The clock's position, saved in checkpoints so that a resumed run continues exactly. */
export interface ClockState {
  /** 0-based epoch index. */
  readonly epoch: number;
  /** 0-based step index within the epoch. */
  readonly step: number;
}

/**
 * Tracks the epoch and step of a training run and applies hyper-parameter schedules to
 * estimators. Values are a pure function of the position, so resuming from a {@link ClockState}
 * reproduces them (the authors' code also recomputes `o` from the epoch index).
 */
export class TrainingClock {
  private readonly bindings: Required<ScheduleBinding>[] = [];
  private position: ClockState = { epoch: 0, step: 0 };

  /**
   * @param totalEpochs E, the number of epochs of the run
   * @param stepsPerEpoch S, the number of optimiser steps per epoch
   */
  constructor(readonly totalEpochs: number, readonly stepsPerEpoch: number) {
    for (const [name, v] of [['totalEpochs', totalEpochs], ['stepsPerEpoch', stepsPerEpoch]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`TrainingClock: ${name} = ${v} must be an integer >= 1.`);
    }
  }

  /**
   * Adds a schedule. Both ends of the schedule are checked against each estimator's declared
   * range for `hyper`, and a decreasing schedule is rejected for parameters that may only grow.
   */
  bind(binding: ScheduleBinding): this {
    const schedule = validateSchedule(binding.schedule);
    const { start, end } = scheduleRange(schedule);
    for (const estimator of binding.estimators) {
      const spec = estimator.hyperSpec[binding.hyper];
      if (spec === undefined) {
        throw new RangeError(
          `TrainingClock: estimator '${estimator.id}' has no hyper-parameter '${binding.hyper}'; known: ${Object.keys(estimator.hyperSpec).join(', ') || '(none)'}.`,
        );
      }
      checkHyperValue(estimator.id, `${binding.hyper} (schedule start)`, spec, start);
      checkHyperValue(estimator.id, `${binding.hyper} (schedule end)`, spec, end);
      if (spec.scheduleDirection === 'non-decreasing' && end < start) {
        throw new RangeError(
          `TrainingClock: the schedule for '${estimator.id}'.${binding.hyper} goes down from ${start} to ${end}; ` +
            `${binding.hyper} (${spec.description}) may only grow, so use from <= to.`,
        );
      }
    }
    this.bindings.push({ ...binding, schedule, granularity: binding.granularity ?? 'epoch' });
    return this;
  }

  /** The current position. */
  get state(): ClockState {
    return { ...this.position };
  }

  /** Moves to `state` (e.g. from a checkpoint) and applies every schedule there. */
  restore(state: ClockState): void {
    if (!Number.isInteger(state.epoch) || state.epoch < 0 || state.epoch > this.totalEpochs) {
      throw new RangeError(`TrainingClock: epoch ${state.epoch} is outside 0..${this.totalEpochs}.`);
    }
    if (!Number.isInteger(state.step) || state.step < 0 || state.step >= this.stepsPerEpoch) {
      throw new RangeError(`TrainingClock: step ${state.step} is outside 0..${this.stepsPerEpoch - 1}.`);
    }
    this.position = { ...state };
    this.apply('epoch');
    this.apply('step');
  }

  /** Enters epoch `epoch` at step 0 and applies the per-epoch and per-step schedules. */
  startEpoch(epoch: number): void {
    this.restore({ epoch, step: 0 });
  }

  /** Advances one step; per-step schedules are applied for the new step. */
  advanceStep(): void {
    const step = this.position.step + 1;
    this.position = step < this.stepsPerEpoch ? { ...this.position, step } : { epoch: this.position.epoch + 1, step: 0 };
    if (step >= this.stepsPerEpoch) this.apply('epoch');
    this.apply('step');
  }

  /** The value schedule `index` gives at the current position (for logs). */
  valueOf(index: number): number {
    const binding = this.bindings[index];
    if (binding === undefined) throw new RangeError(`TrainingClock: no schedule #${index}; ${this.bindings.length} bound.`);
    return scheduleValue(binding.schedule, this.progress(binding.granularity));
  }

  /** Training progress in [0, 1] at the current position for the given granularity. */
  progress(granularity: ScheduleGranularity): number {
    const { epoch, step } = this.position;
    const p = granularity === 'epoch' ? epoch / this.totalEpochs : (epoch * this.stepsPerEpoch + step) / (this.totalEpochs * this.stepsPerEpoch);
    return Math.min(1, p);
  }

  private apply(granularity: ScheduleGranularity): void {
    for (const binding of this.bindings) {
      if (binding.granularity !== granularity) continue;
      const value = scheduleValue(binding.schedule, this.progress(granularity));
      for (const estimator of binding.estimators) estimator.setHyper(binding.hyper, value);
    }
  }
}
