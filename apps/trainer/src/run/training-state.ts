import { z } from 'zod';

/** Accumulators of an epoch interrupted part-way (Ctrl-C), so that its log line stays exact. */
export interface EpochProgress {
  readonly lossSum: number;
  readonly correct: number;
  readonly seen: number;
  readonly seconds: number;
}

const fraction = z.number().min(0).max(1).nullable();
const count = z.number().int().min(0);

/** Where training stands, saved with every checkpoint (`state.json`), validated when read. */
export const trainingStateSchema = z.strictObject({
  /** The epoch to run next, or the one in progress when `step > 0`. */
  epoch: count,
  /** The first step of `epoch` not yet done. */
  step: count,
  /** Best test top-1 and top-5 so far (fractions; null before the first evaluation) and its epoch (−1 before). */
  bestTop1: fraction,
  bestTop5: fraction,
  bestEpoch: z.number().int().min(-1),
  /** The last evaluation's top-1 and top-5 (null before the first), so that a resumed finished run reports them. */
  lastTop1: fraction,
  lastTop5: fraction,
  /** Accumulators of the interrupted epoch, present when `step > 0`. */
  epochProgress: z.strictObject({ lossSum: z.number(), correct: count, seen: count, seconds: z.number().min(0) }).optional(),
  /** Identifies the model and data a checkpoint belongs to (see `runFingerprint`). */
  fingerprint: z.string().min(1),
});

/** Where training stands; NaN-free JSON (null for "none yet"). */
export type TrainingState = z.infer<typeof trainingStateSchema>;

/** The state of a run that has not trained yet. */
export function initialState(fingerprint: string): TrainingState {
  return { epoch: 0, step: 0, bestTop1: null, bestTop5: null, bestEpoch: -1, lastTop1: null, lastTop5: null, fingerprint };
}

/** Parses `state.json`; null and what is wrong when it is not a valid state. */
export function parseTrainingState(text: string): { state: TrainingState } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `state.json is not valid JSON (${(error as Error).message})` };
  }
  const result = trainingStateSchema.safeParse(json);
  if (result.success) return { state: result.data };
  const issue = result.error.issues[0];
  return { problem: `state.json: ${issue.path.join('.') || '(root)'} ${issue.message}` };
}
