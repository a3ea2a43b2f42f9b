import { parseArgs } from 'node:util';
import { backbonePlugins, estimatorPlugins, parseSchedule, type ScheduleSpec } from '@signflow/core';
import { declaredSettings } from '../config/plugin-settings.js';
import type { GivenSettings } from '../config/resolve-config.js';
import { UsageError } from '../errors.js';

/** What `signflow train` was asked for on the command line. */
export interface TrainArgs {
  /** Settings given as flags (run-config fields and estimator plugins' settings). */
  readonly flags: GivenSettings;
  /** `--config FILE`. */
  readonly configFile?: string;
  /** `--resume DIR`. */
  readonly resume?: string;
  /** `--help`. */
  readonly help: boolean;
}

/** The flags of `signflow train` that every run has; estimator plugins add their own. */
const OPTIONS = {
  config: { type: 'string' },
  estimator: { type: 'string' },
  plugin: { type: 'string', multiple: true },
  backbone: { type: 'string' },
  dataset: { type: 'string' },
  bits: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'eval-batch-size': { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  'weight-decay': { type: 'string' },
  'warmup-epochs': { type: 'string' },
  schedule: { type: 'string', multiple: true },
  hyper: { type: 'string', multiple: true },
  'schedule-granularity': { type: 'string' },
  augment: { type: 'boolean' },
  'no-augment': { type: 'boolean' },
  'no-indicators': { type: 'boolean' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  'limit-train': { type: 'string' },
  'limit-test': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The usage text of `signflow train`, with the estimators, backbones and plugin settings registered now. */
export function trainUsage(): string {
  const estimators = estimatorPlugins().map((p) => p.id);
  const backbones = backbonePlugins().map((b) => b.id);
  const settings = [...declaredSettings().values()].map(
    ({ setting, plugins }) => `  --${`${setting.flag} ${setting.part === 'kind' ? 'KIND' : 'X'}`.padEnd(23)} ${setting.description} [${plugins.join(', ')}]`,
  );
  return `Usage: signflow train [options]

Trains a binary neural network. With no options: a 1W/1A ReSTE network on the bundled MNIST digits.

  --config FILE            JSON file with any run settings (flags override it)
  --estimator ID|PACKAGE   ${wrap(`${estimators.join(', ')} (default reste), or an installed plugin package`, 27)}
  --plugin PACKAGE         load an estimator plugin package (repeatable)
  --backbone ID            ${wrap(`${backbones.join(', ')} (default mlp)`, 27)}
  --dataset NAME|DIR       mnist, fashion-mnist, cifar10, or a folder (default: the backbone's)
  --bits W/A               1/1 (default), 1/32 or 32/32
  --epochs N               training epochs (default: the backbone's recipe)
  --batch-size N           training batch size
  --eval-batch-size N      evaluation batch size
  --optimizer sgd|adamw    optimiser (default: the recipe's)
  --lr X                   peak learning rate
  --weight-decay X         weight decay (SGD: on every parameter; AdamW: decoupled)
  --warmup-epochs N        linear warm-up epochs before the cosine decay
  --hyper NAME=VALUE       fix an estimator setting or hyper-parameter, e.g. t=1.25 (repeatable)
  --schedule NAME=SPEC     schedule a hyper-parameter (repeatable): fixed:V, linear|cosine|exp:FROM:TO
                           or power:FROM:TO[:P], e.g. o=cosine:1:3
  --schedule-granularity epoch|step
  --augment, --no-augment  random crop + flip on training images
  --no-indicators          skip the estimating-error / gradient-instability indicators
  --seed N                 seed for initialisation, shuffling and augmentation (default 1234)
  --backend NAME           auto (default), tensorflow, webgpu, native, wasm or cpu
  --out DIR                parent folder of run directories (default runs)
  --resume DIR             continue the run in DIR where it stopped
  --limit-train N          use only N training images (a seeded sample of every class)
  --limit-test N           use only N test images
  -h, --help               show this help
${settings.length === 0 ? '' : `\nEstimator settings (shortcuts for parts of a plugin's schedules):\n${settings.join('\n')}\n`}`;
}

function wrap(text: string, indent: number, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/**
 * The flags that decide which plugins to load, read before the others: plugin packages add flags
 * of their own, which the full parse needs to know.
 */
export function pluginFlags(argv: string[]): { plugins: string[]; estimator?: string; configFile?: string; resume?: string } {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true });
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { plugins: (values.plugin as string[] | undefined)?.filter((p) => typeof p === 'string') ?? [], estimator: str(values.estimator), configFile: str(values.config), resume: str(values.resume) };
}

/** Parses `signflow train` arguments; throws {@link UsageError} on unknown flags or malformed values. */
export function parseTrainArgs(argv: string[]): TrainArgs {
  const settings = [...declaredSettings().values()].map(({ setting }) => setting);
  const options = { ...OPTIONS, ...Object.fromEntries(settings.map((s) => [s.flag, { type: 'string' as const }])) };
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun \`signflow train --help\` for the options.`);
  }
  const str = (name: string) => values[name] as string | undefined;
  if (values.augment && values['no-augment']) throw new UsageError('Give either --augment or --no-augment, not both.');
  const pluginSettings: Record<string, unknown> = {};
  for (const s of settings) {
    const text = str(s.flag);
    if (text !== undefined) pluginSettings[s.key] = s.part === 'kind' ? text : number(s.flag, text);
  }
  const flags: GivenSettings = {
    estimator: str('estimator'),
    plugins: values.plugin as string[] | undefined,
    backbone: str('backbone'),
    dataset: str('dataset'),
    bits: str('bits') as GivenSettings['bits'],
    epochs: integer('epochs', str('epochs')),
    batchSize: integer('batch-size', str('batch-size')),
    evalBatchSize: integer('eval-batch-size', str('eval-batch-size')),
    optimizer: str('optimizer') as GivenSettings['optimizer'],
    lr: number('lr', str('lr')),
    weightDecay: number('weight-decay', str('weight-decay')),
    warmupEpochs: integer('warmup-epochs', str('warmup-epochs')),
    estimatorConfig: assignments('hyper', values.hyper as string[] | undefined, parseHyperValue),
    schedules: assignments('schedule', values.schedule as string[] | undefined, (text, name) => scheduleOf(name, text)),
    scheduleGranularity: str('schedule-granularity') as GivenSettings['scheduleGranularity'],
    augment: values.augment ? true : values['no-augment'] ? false : undefined,
    indicators: values['no-indicators'] ? false : undefined,
    seed: integer('seed', str('seed')),
    backend: str('backend') as GivenSettings['backend'],
    out: str('out'),
    limitTrain: integer('limit-train', str('limit-train')),
    limitTest: integer('limit-test', str('limit-test')),
    ...pluginSettings,
  };
  return { flags: dropUndefined(flags), configFile: str('config'), resume: str('resume'), help: values.help === true };
}

/** `--flag NAME=VALUE` repeated, as an object (undefined when the flag is absent). */
function assignments<T>(flag: string, items: string[] | undefined, parse: (text: string, name: string) => T): Record<string, T> | undefined {
  if (items === undefined) return undefined;
  const out: Record<string, T> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    const name = item.slice(0, at).trim();
    if (at < 1 || name === '') throw new UsageError(`--${flag} ${item}: expected NAME=VALUE, e.g. --${flag} ${flag === 'schedule' ? 'o=cosine:1:3' : 't=1.25'}.`);
    if (name in out) throw new UsageError(`--${flag} ${name} is given twice.`);
    out[name] = parse(item.slice(at + 1), name);
  }
  return out;
}

function scheduleOf(name: string, text: string): ScheduleSpec {
  try {
    return parseSchedule(text);
  } catch (error) {
    throw new UsageError(`--schedule ${name}=${text}: ${(error as Error).message}`);
  }
}

/** A `--hyper` value: a number when it reads as one, true/false, otherwise the text (e.g. DoReFa's mode). */
function parseHyperValue(text: string): number | boolean | string {
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Parses a numeric flag; the schema checks its range afterwards. */
export function number(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} ${text}: expected a number.`);
  return value;
}

/** Parses an integer flag; the schema checks its range afterwards. */
export function integer(flag: string, text: string | undefined): number | undefined {
  const value = number(flag, text);
  if (value !== undefined && !Number.isInteger(value)) throw new UsageError(`--${flag} ${text}: expected a whole number.`);
  return value;
}
