/**
 * The JSON documents the page reads. `signflow serve` answers them from the run directories as
 * they are now; `signflow site` writes them once as files. Both use the paths of `paths.ts`, so
 * the page cannot tell the two apart except by {@link SiteIndex.live}.
 */
import type { EpochRecord } from '@signflow/metrics/specs';

/** Where a run stands: finished (summary.json), written to recently, left unfinished, or unreadable. */
export type RunStatus = 'complete' | 'running' | 'incomplete' | 'error';

/** One row of the runs table. Accuracies are fractions in [0, 1]. */
export interface RunRow {
  /** Stable, file-name-safe id: the run's path below its root, `~` between folders. */
  readonly id: string;
  /** Short name for legends: the folder name, or a benchmark run's axes. */
  readonly label: string;
  /** The run directory as the user gave it (root joined with the path below it). */
  readonly path: string;
  readonly backbone?: string;
  readonly estimator?: string;
  /** Weight / activation bits, e.g. `1/1`. */
  readonly bits?: string;
  readonly dataset?: string;
  /** Epochs the run was configured for. */
  readonly epochs?: number;
  /** Epochs in its epoch log. */
  readonly epochsDone: number;
  readonly bestTop1?: number;
  readonly lastTop1?: number;
  /** Mean training throughput over the logged epochs. */
  readonly imagesPerSecond?: number;
  readonly backend?: string;
  readonly status: RunStatus;
  /** What is wrong with the run directory when `status` is `error`. */
  readonly error?: string;
  /** The benchmark folder the run belongs to. */
  readonly bench?: string;
  /** Whether the run has a checkpoint whose model the page can load. */
  readonly hasModel: boolean;
  /** Last modification of its files, ms since the epoch. */
  readonly updated: number;
}

/** One benchmark output folder (`grid.json`, `results.jsonl`, `runs/<hash>/`). */
export interface BenchRow {
  readonly id: string;
  /** The grid's name. */
  readonly name: string;
  readonly path: string;
  readonly description?: string;
  /** Result lines recorded, completed and failed. */
  readonly completed: number;
  readonly failed: number;
  /** What is wrong with the folder, when it cannot be read. */
  readonly error?: string;
}

/** A model exported by `signflow export --format packed` (a folder holding `model.sfpk`). */
export interface ExportRow {
  readonly id: string;
  /** The folder's name. */
  readonly label: string;
  readonly path: string;
  /** Size of model.sfpk. */
  readonly bytes: number;
}

/** `data/index.json`: everything the tables need. */
export interface SiteIndex {
  /** Marks a document written by signflow (a static site folder is recognised by it). */
  readonly generator: 'signflow';
  /** True when served by `signflow serve`, which announces changes on the events stream. */
  readonly live: boolean;
  /**
   * The listing's generation: it grows whenever a refresh finds a change. The events stream
   * greets each page with the current one, so a page whose listing is older fetches it again.
   */
  readonly version: number;
  /** The folders served, as given. */
  readonly roots: readonly string[];
  readonly runs: readonly RunRow[];
  readonly benches: readonly BenchRow[];
  /** Packed exports found under the roots, for "Try the model". */
  readonly exports: readonly ExportRow[];
}

/** Per-channel normalisation of pixels scaled to [0, 1]: `(v / 255 − mean) / std`. */
export interface InputNormalization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** What a model of a run expects as input, from its dataset. */
export interface ModelInput {
  /** The dataset's name. */
  readonly dataset: string;
  /** Height, width, channels. */
  readonly imageShape: readonly [number, number, number];
  readonly classNames: readonly string[];
  readonly normalization: InputNormalization;
}

/** `data/runs/<id>.json`: one run in full. */
export interface RunDocument {
  readonly row: RunRow;
  /** The resolved `config.json`, or null when it is missing or unreadable. */
  readonly config: Readonly<Record<string, unknown>> | null;
  /** The epochs logged so far (those before a malformed line, when the log is corrupt). */
  readonly records: readonly EpochRecord[];
  /** The input the model expects, when the page can feed it (a known dataset and a checkpoint). */
  readonly input: ModelInput | null;
}

/** One line of a benchmark's `results.jsonl`, with what the page needs from the run's config. */
export interface BenchResult {
  readonly hash: string;
  readonly axes: Readonly<Record<string, unknown>>;
  readonly status: 'completed' | 'failed';
  readonly error?: string;
  readonly bestTop1?: number | null;
  readonly lastTop1?: number | null;
  readonly meanEstimatingError?: number | null;
  readonly totalGradientInstability?: number | null;
  readonly imagesPerSecond?: number | null;
  readonly wallSeconds?: number;
  /** The run's dataset and backbone (from its config.json, or its axes). */
  readonly dataset?: string;
  readonly backbone?: string;
  /** The run's row id in the runs table, when its directory was found. */
  readonly runId?: string;
}

/** `data/benches/<id>.json`: one benchmark in full. */
export interface BenchDocument {
  readonly row: BenchRow;
  /** The grid's axes as written in grid.json. */
  readonly axes: Readonly<Record<string, readonly unknown[]>>;
  readonly results: readonly BenchResult[];
}

/** What the events stream says first: the listing's generation now (see {@link SiteIndex.version}). */
export interface HelloEvent {
  readonly version: number;
}

/** What the events stream says when files change. */
export interface ChangeEvent {
  /** Runs whose rows or documents changed (new ones included). */
  readonly runs: readonly string[];
  /** Benchmarks that changed. */
  readonly benches: readonly string[];
  /** Whether rows were added or removed. */
  readonly listing: boolean;
}
