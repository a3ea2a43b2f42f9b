import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { PartialRunConfig } from '../config/schema.js';

/** What `signflow train` was asked for on the command line. */
export interface TrainArgs {
  /** Settings given as flags. */
  readonly flags: PartialRunConfig;
  /** `--config FILE`. */
  readonly configFile?: string;
  /** `--resume DIR`. */
  readonly resume?: string;
  /** `--help`. */
  readonly help: boolean;
}

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
  'o-end': { type: 'string' },
  'o-schedule': { type: 'string' },
  'o-power': { type: 'string' },
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

/** The usage text of `signflow train`. */
export const TRAIN_USAGE = `Usage: signflow train [options]

Trains a binary neural network. With no options: a 1W/1A ReSTE network on the bundled MNIST digits.

  --config FILE            JSON file with any run settings (flags override it)
  --estimator ID|PACKAGE   reste (default), ste, dorefa, or an installed plugin package
  --plugin PACKAGE         load an estimator plugin package (repeatable)
  --backbone ID            mlp (default), lenet, resnet20, resnet20-bireal, resnet18-cifar,
                           resnet18, resnet34, vgg-small, vit-tiny
  --dataset NAME|DIR       mnist, fashion-mnist, cifar10, or a folder (default: the backbone's)
  --bits W/A               1/1 (default), 1/32 or 32/32
  --epochs N               training epochs (default: the backbone's recipe)
  --batch-size N           training batch size
  --eval-batch-size N      evaluation batch size
  --optimizer sgd|adamw    optimiser (default: the recipe's)
  --lr X                   peak learning rate
  --weight-decay X         weight decay (SGD: on every parameter; AdamW: decoupled)
  --warmup-epochs N        linear warm-up epochs before the cosine decay
  --o-end X                final value of ReSTE's o (default 3)
  --o-schedule KIND        cosine (default), linear, power, exp or fixed
  --o-power X              exponent of the power schedule (default 2)
  --schedule-granularity epoch|step
  --augment, --no-augment  random crop + flip on training images
  --no-indicators          skip the estimating-error / gradient-instability indicators
  --seed N                 seed for initialisation, shuffling and augmentation (default 1234)
  --backend NAME           auto (default), tensorflow, native, wasm or cpu
  --out DIR                parent folder of run directories (default runs)
  --resume DIR             continue the run in DIR where it stopped
  --limit-train N          use only the first N training images
  --limit-test N           use only the first N test images
  -h, --help               show this help
`;

/** Parses `signflow train` arguments; throws {@link UsageError} on unknown flags or malformed numbers. */
export function parseTrainArgs(argv: string[]): TrainArgs {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun \`signflow train --help\` for the options.`);
  }
  const str = (name: string) => values[name] as string | undefined;
  if (values.augment && values['no-augment']) throw new UsageError('Give either --augment or --no-augment, not both.');
  const flags: PartialRunConfig = {
    estimator: str('estimator'),
    plugins: values.plugin as string[] | undefined,
    backbone: str('backbone'),
    dataset: str('dataset'),
    bits: str('bits') as PartialRunConfig['bits'],
    epochs: integer('epochs', str('epochs')),
    batchSize: integer('batch-size', str('batch-size')),
    evalBatchSize: integer('eval-batch-size', str('eval-batch-size')),
    optimizer: str('optimizer') as PartialRunConfig['optimizer'],
    lr: number('lr', str('lr')),
    weightDecay: number('weight-decay', str('weight-decay')),
    warmupEpochs: integer('warmup-epochs', str('warmup-epochs')),
    oEnd: number('o-end', str('o-end')),
    oSchedule: str('o-schedule') as PartialRunConfig['oSchedule'],
    oPower: number('o-power', str('o-power')),
    scheduleGranularity: str('schedule-granularity') as PartialRunConfig['scheduleGranularity'],
    augment: values.augment ? true : values['no-augment'] ? false : undefined,
    indicators: values['no-indicators'] ? false : undefined,
    seed: integer('seed', str('seed')),
    backend: str('backend') as PartialRunConfig['backend'],
    out: str('out'),
    limitTrain: integer('limit-train', str('limit-train')),
    limitTest: integer('limit-test', str('limit-test')),
  };
  return { flags, configFile: str('config'), resume: str('resume'), help: values.help === true };
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
