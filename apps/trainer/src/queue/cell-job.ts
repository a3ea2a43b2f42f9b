import { z } from 'zod';
import type { EpochRecord } from '@signflow/metrics';
import type { GridCell } from '../bench/expand-grid.js';
import type { ResultLine } from '../bench/results.js';
import type { RunConfig } from '../config/schema.js';

/** The BullMQ job name of a grid cell. */
export const CELL_JOB = 'cell';

/**
 * What a worker needs to train one cell, and nothing from the submitter's disk: the resolved run
 * configuration (the worker re-validates it and checks that it gives the same hash), its place in
 * the grid for labels, and the plugin packages it needs. The job id is the cell's hash.
 */
export const cellJobDataSchema = z.object({
  gridHash: z.string(),
  gridName: z.string(),
  hash: z.string(),
  index: z.number().int().min(0),
  total: z.number().int().min(1),
  axes: z.record(z.string(), z.unknown()),
  /** The cell's resolved configuration, as the submitter expanded it (validated again by the worker). */
  config: z.record(z.string(), z.unknown()),
  /** The package the cell's estimator comes from, when a plugin package registers it. */
  estimatorPackage: z.string().optional(),
});

/** A cell job's data. */
export type CellJobData = z.infer<typeof cellJobDataSchema>;

/** The job data of a cell of grid `gridHash`. */
export function cellJobData(grid: { readonly hash: string; readonly name: string; readonly total: number }, cell: GridCell, estimatorPackage?: string): CellJobData {
  return {
    gridHash: grid.hash,
    gridName: grid.name,
    hash: cell.hash,
    index: cell.index,
    total: grid.total,
    axes: { ...cell.axes },
    config: { ...cell.config },
    ...(estimatorPackage === undefined ? {} : { estimatorPackage }),
  };
}

/** A cell's job as a grid cell, with the configuration a worker resolved from it. */
export function cellOf(data: CellJobData, config: RunConfig): GridCell {
  return { index: data.index, axes: data.axes, config, hash: data.hash };
}

/**
 * A running cell's job progress: where its training stands (sent every few seconds, for the
 * submitter's progress view and ETA), or an epoch that just ended, with its log line and record.
 */
export type CellProgress =
  | { readonly kind: 'step'; readonly epoch: number; readonly epochs: number; readonly done: number; readonly steps: number }
  | { readonly kind: 'epoch'; readonly epoch: number; readonly epochs: number; readonly text: string; readonly record?: EpochRecord };

/**
 * What a worker returns for a completed cell (the job's return value): the result line as the
 * worker wrote it, the run's epoch log and summary (the submitter keeps a copy beside its
 * results), and the worker that trained it.
 */
export interface CellJobResult {
  readonly line: ResultLine;
  readonly epochs: readonly EpochRecord[];
  readonly summary: unknown;
  readonly worker: string;
}

/** How far a cell's training is (0–1), from its last progress. */
export function fractionDone(progress: unknown): number {
  const p = progress as Partial<CellProgress> | undefined;
  if (p === undefined || p === null || typeof p !== 'object' || typeof p.epochs !== 'number' || p.epochs <= 0) return 0;
  if (p.kind === 'epoch' && typeof p.epoch === 'number') return Math.min(1, p.epoch / p.epochs);
  if (p.kind === 'step' && typeof p.epoch === 'number' && typeof p.done === 'number' && typeof p.steps === 'number' && p.steps > 0) {
    return Math.min(1, (p.epoch - 1 + p.done / p.steps) / p.epochs);
  }
  return 0;
}
