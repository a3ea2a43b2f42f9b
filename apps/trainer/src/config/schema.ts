import { validateSchedule, type ScheduleSpec } from '@signflow/core';
import { z } from 'zod';

/** Bit settings: weights / activations. */
export const BITS = ['1/1', '1/32', '32/32'] as const;
/** Backends the trainer can run on; `auto` picks the fastest that loads. */
export const BACKENDS = ['auto', 'tensorflow', 'native', 'wasm', 'cpu'] as const;
const positiveInt = z.number().int().min(1);
/** Bounds that catch a typo (`--epochs 1e12`) rather than limit a real experiment. */
const LIMITS = { epochs: 100_000, batch: 65_536, images: 1_000_000_000 } as const;

/** A hyper-parameter schedule, checked by core's `validateSchedule`. */
const scheduleSchema = z.unknown().transform((value, ctx): ScheduleSpec => {
  try {
    return validateSchedule(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/**
 * A fully resolved run configuration: what `config.json` in a run directory holds, and what a
 * `--config` file may set (any subset of it). Unknown keys are rejected.
 */
export const runConfigSchema = z.strictObject({
  /** Estimator id (`reste`, `ste`, `dorefa`, or one a plugin package registers). */
  estimator: z.string().min(1),
  /** Extra estimator config (e.g. `{ "t": 1.5 }` for ReSTE), passed to the plugin's `create`. */
  estimatorConfig: z.record(z.string(), z.unknown()).default({}),
  /** Third-party estimator packages to load by name before the run. */
  plugins: z.array(z.string().min(1)).default([]),
  /** Backbone id. */
  backbone: z.string().min(1),
  /** Extra backbone options (e.g. `{ "patchSize": 4, "depth": 6 }` for a small ViT), passed to its factory. */
  backboneOptions: z.record(z.string(), z.unknown()).default({}),
  /** Dataset name or folder. */
  dataset: z.string().min(1),
  /** Weight / activation bits. */
  bits: z.enum(BITS),
  epochs: positiveInt.max(LIMITS.epochs),
  batchSize: positiveInt.max(LIMITS.batch),
  evalBatchSize: positiveInt.max(LIMITS.batch),
  optimizer: z.enum(['sgd', 'adamw']),
  lr: z.number().positive(),
  momentum: z.number().min(0).max(1),
  weightDecay: z.number().min(0),
  /** Linear warm-up epochs before the cosine decay (5 in the CIFAR recipe, 0 for ImageNet). */
  warmupEpochs: z.number().int().min(0).max(LIMITS.epochs),
  /**
   * The schedule of each scheduled hyper-parameter, by name. A resolved configuration holds every
   * schedule the run applies: the estimator plugin's defaults, then the user's, then the plugin's
   * own settings (ReSTE's `oEnd`, `oSchedule`, `oPower`) applied to them.
   */
  schedules: z.record(z.string(), scheduleSchema).default({}),
  /** Evaluate schedules once per epoch (the authors' rule) or before every step. */
  scheduleGranularity: z.enum(['epoch', 'step']).default('epoch'),
  /** Train-time augmentation (random crop + flip for CIFAR/ImageNet-style data). */
  augment: z.boolean(),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  backend: z.enum(BACKENDS),
  /** Parent folder of run directories. */
  out: z.string().min(1),
  /** Compute the paper's estimating error and gradient instability each epoch. */
  indicators: z.boolean().default(true),
  /** Use only the first N training images (quick experiments). */
  limitTrain: positiveInt.max(LIMITS.images).optional(),
  /** Use only the first N test images. */
  limitTest: positiveInt.max(LIMITS.images).optional(),
});

/** A resolved run configuration. */
export type RunConfig = z.infer<typeof runConfigSchema>;

/** Any subset of a run configuration (config files, flags). */
export const partialRunConfigSchema = runConfigSchema.partial();

/** A subset of a run configuration. */
export type PartialRunConfig = z.infer<typeof partialRunConfigSchema>;
