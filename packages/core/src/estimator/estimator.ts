import type { Tensor } from '@tensorflow/tfjs-core';
import type { ScheduleSpec } from '../schedule/schedule.js';

/**
 * A gradient estimator for a quantiser: what the forward pass computes, and what the backward
 * pass pretends its derivative is.
 *
 * Plugins implement this contract and never touch autodiff: {@link quantize} wraps
 * `forward` / `pseudoGrad` in one `tf.customGrad`.
 */
export interface Estimator {
  /** Stable registry key, e.g. `'reste'`. */
  readonly id: string;
  /** Output bit-width: 1 for sign estimators, k for k-bit quantisers. */
  readonly bits: number;
  /** The quantised value. 1-bit estimators map 0 to +1 so that binary tensors are truly ±1. */
  forward(x: Tensor): Tensor;
  /** The backward rule: dL/dx given the upstream gradient dL/dy = `dy`. */
  pseudoGrad(x: Tensor, dy: Tensor): Tensor;
  /** The function whose derivative `pseudoGrad` is (plots, estimating error); optional. */
  surrogate?(x: Tensor): Tensor;
  /** Current hyper-parameters, e.g. `{ o, t, m }` for ReSTE. */
  readonly hyper: Readonly<Record<string, number>>;
  /** Declared ranges of the hyper-parameters, used to validate values and schedules. */
  readonly hyperSpec: Readonly<Record<string, HyperSpec>>;
  /** Sets one hyper-parameter; throws on an unknown name or a value outside its range. */
  setHyper(name: string, value: number): void;
  /** JSON configuration; the plugin's `create(getConfig())` rebuilds an equal estimator. */
  getConfig(): Record<string, unknown>;
}

/** Declares the valid range of one hyper-parameter. */
export interface HyperSpec {
  /** What the parameter means, shown in error messages. */
  readonly description: string;
  /** Smallest allowed value (inclusive unless `minExclusive`). */
  readonly min?: number;
  /** Whether `min` itself is excluded. */
  readonly minExclusive?: boolean;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** Whether the value must be an integer. */
  readonly integer?: boolean;
  /**
   * How a schedule may drive this parameter: `'non-decreasing'` rejects schedules that go down
   * (ReSTE's `o` moves from the STE towards sign, never back).
   */
  readonly scheduleDirection?: 'any' | 'non-decreasing';
}

/** A factory for one kind of estimator, registered under its `id`. */
export interface EstimatorPlugin<C = Record<string, unknown>> {
  /** Registry key; equals the `id` of every estimator it creates. */
  readonly id: string;
  /** One-line human description, listed by the CLI. */
  readonly description?: string;
  /** Validates `config` and builds an estimator; throws a clear error on bad values. */
  create(config?: Partial<C>): Estimator;
  /**
   * Hyper-parameter schedules the trainer applies unless the user sets them (e.g. IR-Net's EDE:
   * t from 0.1 to 10 log-linearly per epoch). Evaluated with progress = epoch / total epochs.
   */
  readonly defaultSchedules?: readonly PluginSchedule[];
  /**
   * Config entries merged under the user's config when the estimator quantises weights or
   * activations (e.g. RBNN's `{ mode: 'activations' }` for inputs). Absent: one config for both.
   */
  readonly roleDefaults?: Readonly<Partial<Record<EstimatorRole, Partial<C>>>>;
  /**
   * Run settings the plugin adds to the command line, config files and grid axes, each one part of
   * one of its schedules (ReSTE: `oEnd` / `--o-end` is the end value of o's schedule). Generic code
   * never names a plugin's hyper-parameters; it reads them from here.
   */
  readonly settings?: readonly ScheduleSetting[];
  /**
   * The hyper-parameter that figures sweep and reports put on an axis, and the values a figure
   * draws it at (ReSTE: o at 1, 2 and 3).
   */
  readonly mainHyper?: { readonly name: string; readonly plotValues: readonly number[] };
  /**
   * The exponent p of the power function sign(x)|x|^(1/p) against which the estimating error
   * indicator is measured, given the hyper-parameters the run ends with (ReSTE: o at the end of
   * its schedule, as the authors' code does). Absent: 3, the paper's o_end.
   */
  readonly indicatorExponent?: (endHyper: Readonly<Record<string, number>>) => number;
}

/**
 * A run setting contributed by a plugin: one part of the schedule of one of its hyper-parameters.
 */
export interface ScheduleSetting {
  /** Its key in config files and grid axes, e.g. `oEnd`. */
  readonly key: string;
  /** Its command-line flag without the dashes, e.g. `o-end`. */
  readonly flag: string;
  /** The hyper-parameter whose schedule it sets. */
  readonly hyper: string;
  /**
   * Which part of the schedule: its end value `to` (a `fixed` schedule holds it from the start),
   * its start `from`, its shape `kind`, or the exponent `power` of a `power` schedule.
   */
  readonly part: 'to' | 'from' | 'kind' | 'power';
  /** One line for help texts. */
  readonly description: string;
}

/** What an estimator quantises in a layer. */
export type EstimatorRole = 'weights' | 'activations';

/** A default schedule of one hyper-parameter, declared by a plugin. */
export interface PluginSchedule {
  /** The hyper-parameter it drives. */
  readonly hyper: string;
  /** Its schedule. */
  readonly schedule: ScheduleSpec;
}
