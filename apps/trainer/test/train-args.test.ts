import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainArgs } from '../src/cli/train-args.js';
import { readConfigFile, resolveRunConfig } from '../src/config/resolve-config.js';
import { UsageError } from '../src/errors.js';
import { registerFirstPartyPlugins } from '../src/plugins/first-party.js';
import { savedRunConfig } from '../src/run/run-dir.js';

beforeAll(() => registerFirstPartyPlugins());

const resolve = (argv: string[]) => {
  const args = parseTrainArgs(argv);
  return resolveRunConfig({ ...(args.configFile ? readConfigFile(args.configFile) : {}), ...args.flags });
};

describe('train configuration', () => {
  it('defaults to 1W/1A ReSTE on the embedded MNIST digits, with the cosine schedule of o from 1 to 3', () => {
    const config = resolve([]);
    expect(config).toMatchObject({ estimator: 'reste', backbone: 'mlp', dataset: 'mnist', bits: '1/1', backend: 'auto' });
    expect(config.schedules).toEqual({ o: { kind: 'cosine', from: 1, to: 3 } });
  });

  it("uses the paper's CIFAR recipe for ResNet-20, scaled only by what the user sets", () => {
    const config = resolve(['--backbone', 'resnet20', '--epochs', '3']);
    expect(config).toMatchObject({ dataset: 'cifar10', epochs: 3, batchSize: 256, lr: 0.1, momentum: 0.9, weightDecay: 1e-4, warmupEpochs: 5, optimizer: 'sgd', augment: true });
    expect(resolve(['--backbone', 'resnet18-cifar'])).toMatchObject({ epochs: 2000, batchSize: 96 });
    expect(resolve(['--backbone', 'resnet18'])).toMatchObject({ epochs: 250, batchSize: 750, warmupEpochs: 0 });
    expect(resolve(['--backbone', 'vit-tiny'])).toMatchObject({ optimizer: 'adamw', lr: 1e-3 });
  });

  it("turns ReSTE's own settings into its o schedule", () => {
    expect(resolve(['--o-end', '4']).schedules).toEqual({ o: { kind: 'cosine', from: 1, to: 4 } });
    expect(resolve(['--o-schedule', 'fixed', '--o-end', '2']).schedules).toEqual({ o: { kind: 'fixed', value: 2 } });
    expect(resolve(['--o-schedule', 'power', '--o-power', '3', '--o-end', '4']).schedules).toEqual({ o: { kind: 'power', from: 1, to: 4, power: 3 } });
  });

  it('schedules or fixes any hyper-parameter by name', () => {
    expect(resolve(['--schedule', 'o=linear:1:2']).schedules).toEqual({ o: { kind: 'linear', from: 1, to: 2 } });
    expect(resolve(['--schedule', 'o=linear:1:2', '--o-end', '5']).schedules).toEqual({ o: { kind: 'linear', from: 1, to: 5 } });
    const fixed = resolve(['--hyper', 'o=2', '--hyper', 't=1.25']);
    expect(fixed.estimatorConfig).toEqual({ o: 2, t: 1.25 });
    expect(fixed.schedules).toEqual({});
    expect(resolve(['--estimator', 'ede']).schedules).toEqual({ t: { kind: 'exp', from: 0.1, to: 10 } });
    expect(resolve(['--estimator', 'ede', '--schedule', 't=exp:0.01:1']).schedules).toEqual({ t: { kind: 'exp', from: 0.01, to: 1 } });
    expect(resolve(['--estimator', 'dorefa', '--hyper', 'bits=2']).estimatorConfig).toEqual({ bits: 2 });
  });

  it.each([
    [['--bits', '3/7'], /bits: .*\(got "3\/7"\)/],
    [['--epochs', '-1'], /ambiguous|epochs/],
    [['--epochs=-1'], /epochs: .*\(got -1\)/],
    [['--batch-size', '0'], /batchSize: .*\(got 0\)/],
    [['--lr', 'fast'], /--lr fast: expected a number/],
    [['--epochs', '2.5'], /--epochs 2.5: expected a whole number/],
    [['--o-end', '0.5'], /o \(schedule end\) = 0.5 is out of range/],
    [['--o-schedule', 'sigmoid'], /oSchedule \(--o-schedule\): must be one of .*\(got "sigmoid"\)/],
    [['--o-power', '3'], /The schedule of 'o' from --o-power is invalid: .*takes no 'power'/],
    [['--backend', 'gpu'], /backend: .*\(got "gpu"\)/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--estimator', 'ste', '--o-end', '3'], /oEnd \(--o-end\) is a setting of the estimator reste, but this run uses 'ste'/],
    [['--schedule', 'o=cosine:3'], /--schedule o=cosine:3: 'cosine:3' is not a schedule/],
    [['--schedule', 'cosine:1:3'], /--schedule cosine:1:3: expected NAME=VALUE/],
    [['--schedule', 'q=cosine:1:3'], /has no hyper-parameter 'q' to schedule; its hyper-parameters: o, t, m/],
    [['--schedule', 'o=cosine:3:1'], /goes down from 3 to 1/],
    [['--hyper', 'o=2', '--schedule', 'o=cosine:1:3'], /'o' is both fixed in the estimator config \(--hyper\) and scheduled/],
    [['--hyper', 'o=2', '--o-end', '3'], /--o-end sets the schedule of 'o', which the estimator config fixes/],
    [['--hyper', 'o=0.5'], /Invalid estimator settings for 'reste' \{"o":0.5\}: .*o = 0.5/],
    [['--estimator', 'resteX'], /Unknown estimator 'resteX'. Known estimators: .*reste/],
    [['--backbone', 'resnet21'], /Unknown backbone 'resnet21'. Known backbones: mlp, lenet, resnet20/],
  ])('rejects %j with an error naming the value', (argv, message) => {
    expect(() => resolve(argv as string[])).toThrow(message);
  });

  it('rejects a config file that is not JSON or has unknown keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signflow-config-'));
    writeFileSync(join(dir, 'bad.json'), '{ "epochs": 3,, }');
    writeFileSync(join(dir, 'unknown.json'), JSON.stringify({ epochs: 3, epochz: 4 }));
    writeFileSync(join(dir, 'list.json'), JSON.stringify([1, 2]));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ epochs: 3, backbone: 'lenet', oEnd: 2 }));
    expect(() => resolve(['--config', join(dir, 'bad.json')])).toThrow(/is not valid JSON/);
    expect(() => resolve(['--config', join(dir, 'unknown.json')])).toThrow(/epochz/);
    expect(() => resolve(['--config', join(dir, 'unknown.json')])).toThrow(UsageError);
    expect(() => resolve(['--config', join(dir, 'list.json')])).toThrow(/must hold a JSON object of run settings/);
    expect(() => resolve(['--config', join(dir, 'missing.json')])).toThrow(/Cannot read the config file/);
    expect(resolve(['--config', join(dir, 'good.json'), '--epochs', '5'])).toMatchObject({ epochs: 5, backbone: 'lenet', schedules: { o: { kind: 'cosine', from: 1, to: 2 } } });
  });

  it('reads the config of a run written before schedules were generic', () => {
    const legacy = { ...resolve([]), schedules: undefined, oEnd: 2, oSchedule: 'fixed', oPower: 2 };
    expect(savedRunConfig('run', legacy).schedules).toEqual({ o: { kind: 'fixed', value: 2 } });
    const legacySte = { ...resolve(['--estimator', 'ste']), schedules: undefined, oEnd: 3, oSchedule: 'cosine', oPower: 2 };
    expect(savedRunConfig('run', legacySte).schedules).toEqual({});
    const current = resolve(['--o-end', '4']);
    expect(savedRunConfig('run', current)).toEqual(current);
  });
});
