import { readFile } from 'node:fs/promises';

/** The name of the epoch log inside a run directory. */
export const EPOCH_LOG_FILE = 'epochs.jsonl';

/**
 * One line of a run's epoch log (JSONL, one object per epoch). Accuracies are fractions in
 * [0, 1]. Only `epoch` is required: a field may be absent (e.g. the indicators of a run that does
 * not measure them) or null (a diverged value). Every hyper-parameter a schedule drives is
 * recorded by its own name beside these fields (ReSTE's `o`, EDE's `t`, …): see
 * {@link hyperFields}.
 */
export interface EpochRecord {
  /** 0-based epoch index. */
  readonly epoch: number;
  /** Mean training loss. */
  readonly loss?: number;
  /** Training top-1 accuracy. */
  readonly trainTop1?: number;
  /** Test loss. */
  readonly testLoss?: number;
  /** Test top-1 accuracy. */
  readonly top1?: number;
  /** Test top-5 accuracy. */
  readonly top5?: number;
  /** Learning rate of the epoch. */
  readonly lr?: number;
  /** Estimating error e of the epoch. */
  readonly estimatingError?: number;
  /** Gradient instability s of the epoch. */
  readonly gradientInstability?: number;
  /** Mean flip ratio per step. */
  readonly flipRatio?: number;
  /** Wall time of the epoch in seconds. */
  readonly seconds?: number;
  /** Training throughput. */
  readonly imagesPerSecond?: number;
  /** The tfjs backend used. */
  readonly backend?: string;
  /** A scheduled hyper-parameter's value for the epoch, under its own name. */
  readonly [hyper: string]: number | string | undefined;
}

/** The numeric fields of {@link EpochRecord} besides `epoch`. */
export const EPOCH_NUMBER_FIELDS = [
  'loss',
  'trainTop1',
  'testLoss',
  'top1',
  'top5',
  'lr',
  'estimatingError',
  'gradientInstability',
  'flipRatio',
  'seconds',
  'imagesPerSecond',
] as const;

/** A numeric field of an epoch record. */
export type EpochNumberField = (typeof EPOCH_NUMBER_FIELDS)[number];

const FRACTION_FIELDS: readonly EpochNumberField[] = ['trainTop1', 'top1', 'top5', 'flipRatio'];

/** Thrown for a malformed epoch log; the message names the file, the line and what is wrong. */
export class EpochLogError extends Error {
  /**
   * @param source the file (or label) the log came from
   * @param line 1-based line number
   * @param problem what is wrong with the line
   */
  constructor(
    /** The file (or label) the log came from. */
    readonly source: string,
    /** 1-based line number. */
    readonly line: number,
    problem: string,
  ) {
    super(`${source}:${line}: ${problem}`);
    this.name = 'EpochLogError';
  }
}

function parseLine(text: string, source: string, line: number): EpochRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EpochLogError(source, line, `not valid JSON (${(error as Error).message}); each line must be one JSON object.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EpochLogError(source, line, `expected a JSON object, got ${JSON.stringify(value)}.`);
  }
  const raw = value as Record<string, unknown>;
  const epoch = raw.epoch;
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 0) {
    throw new EpochLogError(source, line, `"epoch" = ${JSON.stringify(epoch)} must be an integer >= 0.`);
  }
  const record: Record<string, number | string> = { epoch };
  for (const field of EPOCH_NUMBER_FIELDS) {
    const v = raw[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number') throw new EpochLogError(source, line, `"${field}" = ${JSON.stringify(v)} must be a number.`);
    if (FRACTION_FIELDS.includes(field) && !(v >= 0 && v <= 1)) {
      throw new EpochLogError(source, line, `"${field}" = ${v} must be a fraction in [0, 1] (not a percentage).`);
    }
    record[field] = v;
  }
  for (const [field, v] of Object.entries(raw)) {
    if (!(field in record) && field !== 'backend' && typeof v === 'number') record[field] = v;
  }
  if (raw.backend !== undefined && raw.backend !== null) {
    if (typeof raw.backend !== 'string') throw new EpochLogError(source, line, `"backend" = ${JSON.stringify(raw.backend)} must be a string.`);
    record.backend = raw.backend;
  }
  return record as unknown as EpochRecord;
}

/**
 * The names of the scheduled hyper-parameters recorded in `records`: every numeric field that is
 * not one of {@link EPOCH_NUMBER_FIELDS}, in order of first appearance.
 */
export function hyperFields(records: readonly EpochRecord[]): string[] {
  const known = new Set<string>(['epoch', ...EPOCH_NUMBER_FIELDS]);
  const names = new Set<string>();
  for (const record of records) {
    for (const [field, value] of Object.entries(record)) if (!known.has(field) && typeof value === 'number') names.add(field);
  }
  return [...names];
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses the text of an epoch log: one JSON object per non-blank line, epochs strictly
 * increasing; an unterminated last line that is not JSON (an append cut short) is dropped. Known fields are type-checked; other numeric fields are kept as hyper-parameter
 * values ({@link hyperFields}); other fields are ignored.
 *
 * @param text the file's content
 * @param source the file name used in error messages
 * @throws {@link EpochLogError} naming the line and the problem
 */
export function parseEpochLog(text: string, source = 'epoch log'): EpochRecord[] {
  const records: EpochRecord[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    // A last line without its newline that does not parse is an append a crash cut short.
    if (index === lines.length - 1 && !isJson(line)) return;
    const record = parseLine(line, source, index + 1);
    const last = records[records.length - 1];
    if (last !== undefined && record.epoch <= last.epoch) {
      throw new EpochLogError(source, index + 1, `epoch ${record.epoch} follows epoch ${last.epoch}; epochs must be strictly increasing.`);
    }
    records.push(record);
  });
  return records;
}

/** Reads and parses an epoch log file (see {@link parseEpochLog}). */
export async function readEpochLog(path: string): Promise<EpochRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`readEpochLog: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass the epoch log of a run (${EPOCH_LOG_FILE} in its directory).`);
  }
  return parseEpochLog(text, path);
}
