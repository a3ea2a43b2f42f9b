import { existsSync, readFileSync } from 'node:fs';
import { appendFileDurable, completeLines } from '@signflow/durable';
import { UsageError } from '../errors.js';

/** One line of a grid's `results.jsonl`. Accuracies are fractions; NaN is written as null. */
export interface ResultLine {
  readonly hash: string;
  readonly axes: Record<string, unknown>;
  readonly status: 'completed' | 'failed';
  readonly error?: string;
  readonly bestTop1?: number | null;
  readonly bestTop5?: number | null;
  readonly bestEpoch?: number;
  readonly lastTop1?: number | null;
  readonly lastTop5?: number | null;
  /** Mean estimating error over epochs, as the reference code reports it. */
  readonly meanEstimatingError?: number | null;
  /** Gradient instability summed over epochs, as the reference code reports it. */
  readonly totalGradientInstability?: number | null;
  readonly wallSeconds: number;
  readonly imagesPerSecond?: number | null;
  readonly backend?: string;
  readonly runDir: string;
  /** Versions of the signflow and tfjs packages that produced the line. */
  readonly versions: Record<string, string>;
}

/**
 * Reads `results.jsonl`; a malformed line is an error naming the line (never silently dropped),
 * except an unterminated last line, which a crash in the middle of an append leaves.
 */
export function readResults(path: string): ResultLine[] {
  if (!existsSync(path)) return [];
  return completeLines(readFileSync(path, 'utf8'))
    .map((line, i) => [line, i + 1] as const)
    .map(([line, number]) => {
      try {
        return JSON.parse(line) as ResultLine;
      } catch {
        throw new UsageError(`${path}, line ${number}, is not valid JSON; fix or delete that line, then run the grid again.`);
      }
    });
}

/** Appends one result line. */
export function appendResult(path: string, line: ResultLine): void {
  appendFileDurable(path, JSON.stringify(line, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value)) + '\n');
}
