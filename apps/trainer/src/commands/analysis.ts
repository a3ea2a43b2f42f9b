import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DependencyContainer } from 'tsyringe';
import { formatSummary, summary } from '@signflow/metrics';
import { plotRun, writeEstimatorPlots, writeSchedulePlot } from '@signflow/metrics/plots';
import { BITS } from '../config/schema.js';
import { selectBackend } from '../backend/select-backend.js';
import { catalogOf } from '../container/app-container.js';
import { UsageError } from '../errors.js';

/** The usage text of the analysis commands. */
export const ANALYSIS_USAGE = `Usage:
  signflow summary RUN_DIR|EXPORT|PACKED_FILE
      bit-aware summary of a run's model (best, else last) and its packed size, or of an export
  signflow summary --backbone ID [--bits 1/1|1/32|32/32] [--estimator ID] [--input HxWxC] [--classes N]
      bit-aware summary: per layer precision, parameters per bit-width, memory, binary/float MACs
  signflow plot RUN_DIR [--out DIR] [--png]
      training curves (loss, top-1, lr, o) of a run as SVG (--png: also PNG)
  signflow plot-estimators [--estimator ID ...] [--epochs E] [--out DIR] [--png]
      forward/surrogate and pseudo-gradient of every registered estimator on [-2, 2], and the o schedules
`;

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, positionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${ANALYSIS_USAGE}`);
  }
}

/** `signflow summary`: builds a backbone and prints its bit-aware summary. */
export async function summaryCommand(argv: string[], app: DependencyContainer): Promise<number> {
  const { values } = parse(argv, { backbone: { type: 'string' }, bits: { type: 'string' }, estimator: { type: 'string' }, input: { type: 'string' }, classes: { type: 'string' } });
  const catalog = catalogOf(app);
  if (values.backbone === undefined) throw new UsageError(`--backbone is required; known backbones: ${catalog.list().backbones.join(', ')}.`);
  const backbone = catalog.backbone(values.backbone as string);
  const bits = (values.bits ?? '1/1') as string;
  if (!(BITS as readonly string[]).includes(bits)) throw new UsageError(`--bits ${bits} is not one of ${BITS.join(', ')}.`);
  const estimator = catalog.estimator((values.estimator as string | undefined) ?? 'reste');
  const inputShape = values.input === undefined ? backbone.defaultInputShape : parseShape(values.input as string);
  await selectBackend('cpu'); // building a model needs a backend; no computation runs
  const model = backbone.create({
    inputShape,
    numClasses: values.classes === undefined ? undefined : Number(values.classes),
    weightEstimator: bits === '32/32' ? null : estimator.create(),
    activationEstimator: bits === '1/1' ? estimator.create() : null,
  });
  process.stdout.write(`${formatSummary(summary(model))}\n`);
  model.dispose();
  return 0;
}

/** `signflow plot RUN_DIR`: training curves of a run. */
export async function plotCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, png: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError(`Give exactly one run directory.\n${ANALYSIS_USAGE}`);
  const written = await plotRun(positionals[0], values.out as string | undefined, { png: values.png === true });
  process.stdout.write(`${written.join('\n')}\n`);
  return 0;
}

/** `signflow plot-estimators`: the estimator figure and the o schedules. */
export async function plotEstimatorsCommand(argv: string[], app: DependencyContainer): Promise<number> {
  const { values } = parse(argv, { estimator: { type: 'string', multiple: true }, out: { type: 'string' }, epochs: { type: 'string' }, png: { type: 'boolean' } });
  const catalog = catalogOf(app);
  const ids = (values.estimator as string[] | undefined) ?? catalog.list().estimators;
  for (const id of ids) catalog.estimator(id);
  const out = (values.out as string | undefined) ?? 'plots';
  await selectBackend('cpu'); // curves on [−2, 2]: a few hundred values
  const png = values.png === true;
  const epochs = values.epochs === undefined ? {} : { epochs: Number(values.epochs) };
  const written = [...(await writeEstimatorPlots(out, ids, { png })), ...(await writeSchedulePlot(out, { ...epochs, png }))];
  process.stdout.write(`${written.join('\n')}\n`);
  return 0;
}

function parseShape(text: string): [number, number, number] {
  const parts = text.split('x').map(Number);
  if (parts.length !== 3 || parts.some((v) => !Number.isInteger(v) || v < 1)) throw new UsageError(`--input ${text}: expected HxWxC, e.g. 32x32x3.`);
  return parts as [number, number, number];
}
