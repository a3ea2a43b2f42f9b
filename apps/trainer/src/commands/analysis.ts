import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { getBackbonePlugin, getEstimatorPlugin, listBackbones, listEstimators } from '@signflow/core';
import { EPOCH_LOG_FILE, EpochLogError, formatSummary, summary } from '@signflow/metrics';
import { plotRun, writeEstimatorPlots, writeSchedulePlot } from '@signflow/metrics/plots';
import { BITS } from '../config/schema.js';
import { selectBackend } from '../backend/select-backend.js';
import { integer } from '../cli/train-args.js';
import { UsageError } from '../errors.js';
import { packedPredictionLine, predictPackedFile } from '../deploy/packed-size.js';

/** The usage text of the analysis commands. */
export const ANALYSIS_USAGE = `Usage:
  signflow summary RUN_DIR|EXPORT|PACKED_FILE
      bit-aware summary of a run's model (best, else last) and its packed size, or of an export
  signflow summary --backbone ID [--bits 1/1|1/32|32/32] [--estimator ID] [--input HxWxC] [--classes N]
      bit-aware summary: per layer precision, parameters per bit-width, memory, binary/float MACs
  signflow plot RUN_DIR [--out DIR] [--png]
      training curves (loss, top-1, lr, o) of a run as SVG (--png: also PNG)
  signflow plot-estimators [--estimator ID ...] [--epochs E] [--out DIR] [--png]
      forward/surrogate and pseudo-gradient of every registered estimator on [-2, 2], and the schedule
      shapes of each estimator's main hyper-parameter (ReSTE: o)
`;

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, positionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${ANALYSIS_USAGE}`);
  }
}

/** `signflow summary`: builds a backbone and prints its bit-aware summary. */
export async function summaryCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { backbone: { type: 'string' }, bits: { type: 'string' }, estimator: { type: 'string' }, input: { type: 'string' }, classes: { type: 'string' } });
  if (values.backbone === undefined) throw new UsageError(`--backbone is required; known backbones: ${listBackbones().join(', ')}.`);
  const backbone = getBackbonePlugin(values.backbone as string);
  const bits = (values.bits ?? '1/1') as string;
  if (!(BITS as readonly string[]).includes(bits)) throw new UsageError(`--bits ${bits} is not one of ${BITS.join(', ')}.`);
  const estimator = getEstimatorPlugin((values.estimator as string | undefined) ?? 'reste');
  const inputShape = values.input === undefined ? backbone.defaultInputShape : parseShape(values.input as string);
  await selectBackend('cpu'); // building a model needs a backend; no computation runs
  const model = backbone.create({
    inputShape,
    numClasses: integer('classes', values.classes as string | undefined),
    weightEstimator: bits === '32/32' ? null : estimator.create(),
    activationEstimator: bits === '1/1' ? estimator.create() : null,
  });
  const s = summary(model);
  process.stdout.write(`${formatSummary(s)}${packedPredictionLine(predictPackedFile(model, s.totals.memoryBytes))}\n`);
  model.dispose();
  return 0;
}

/** `signflow plot RUN_DIR`: training curves of a run. */
export async function plotCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, png: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError(`Give exactly one run directory.\n${ANALYSIS_USAGE}`);
  const runDir = positionals[0];
  if (!existsSync(join(runDir, EPOCH_LOG_FILE))) {
    throw new UsageError(`${runDir} holds no ${EPOCH_LOG_FILE}: pass a run directory written by \`signflow train\` (its epochs are plotted once the first one is done).`);
  }
  let written: string[];
  try {
    written = await plotRun(runDir, values.out as string | undefined, { png: values.png === true });
  } catch (error) {
    if (error instanceof EpochLogError || error instanceof RangeError) throw new UsageError(`Cannot plot ${runDir}: ${(error as Error).message}`);
    throw error;
  }
  process.stdout.write(`${written.join('\n')}\n`);
  return 0;
}

/** `signflow plot-estimators`: the estimator figure and the o schedules. */
export async function plotEstimatorsCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { estimator: { type: 'string', multiple: true }, out: { type: 'string' }, epochs: { type: 'string' }, png: { type: 'boolean' } });
  const ids = (values.estimator as string[] | undefined) ?? listEstimators();
  const plugins = ids.map((id) => getEstimatorPlugin(id));
  const out = (values.out as string | undefined) ?? 'plots';
  await selectBackend('cpu'); // curves on [−2, 2]: a few hundred values
  const png = values.png === true;
  const epochCount = integer('epochs', values.epochs as string | undefined);
  if (epochCount !== undefined && epochCount < 1) throw new UsageError(`--epochs ${epochCount}: expected a whole number >= 1.`);
  const epochs = epochCount === undefined ? {} : { epochs: epochCount };
  const written = await writeEstimatorPlots(out, ids, { png });
  for (const plugin of plugins) {
    const main = plugin.mainHyper?.name;
    const base = plugin.defaultSchedules?.find((s) => s.hyper === main)?.schedule;
    if (main !== undefined && base !== undefined) written.push(...(await writeSchedulePlot(out, { hyper: main, base, ...epochs, png })));
  }
  process.stdout.write(`${written.join('\n')}\n`);
  return 0;
}

function parseShape(text: string): [number, number, number] {
  const parts = text.split('x').map(Number);
  if (parts.length !== 3 || parts.some((v) => !Number.isInteger(v) || v < 1)) throw new UsageError(`--input ${text}: expected HxWxC, e.g. 32x32x3.`);
  return parts as [number, number, number];
}
