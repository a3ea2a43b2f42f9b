import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrainArgs } from '../src/cli/train-args.js';
import { readConfigFile, resolveRunConfig } from '../src/config/resolve-config.js';
import { UsageError } from '../src/errors.js';

const recipeOf = (id: string) => (id === 'mlp' || id === 'lenet' ? 'small' : id === 'vit-tiny' ? 'vit' : id.startsWith('resnet3') || id === 'resnet18' ? 'imagenet' : 'cifar');
const resolve = (argv: string[]) => {
  const args = parseTrainArgs(argv);
  return resolveRunConfig(args.configFile ? readConfigFile(args.configFile) : {}, args.flags, recipeOf);
};

describe('train configuration', () => {
  it('defaults to 1W/1A ReSTE on the embedded MNIST digits', () => {
    const config = resolve([]);
    expect(config).toMatchObject({ estimator: 'reste', backbone: 'mlp', dataset: 'mnist', bits: '1/1', oEnd: 3, oSchedule: 'cosine', backend: 'auto' });
  });

  it("uses the paper's CIFAR recipe for ResNet-20, scaled only by what the user sets", () => {
    const config = resolve(['--backbone', 'resnet20', '--epochs', '3']);
    expect(config).toMatchObject({ dataset: 'cifar10', epochs: 3, batchSize: 256, lr: 0.1, momentum: 0.9, weightDecay: 1e-4, warmupEpochs: 5, optimizer: 'sgd', augment: true });
    expect(resolve(['--backbone', 'resnet18-cifar'])).toMatchObject({ epochs: 2000, batchSize: 96 });
    expect(resolve(['--backbone', 'resnet18'])).toMatchObject({ epochs: 250, batchSize: 750, warmupEpochs: 0 });
    expect(resolve(['--backbone', 'vit-tiny'])).toMatchObject({ optimizer: 'adamw', lr: 1e-3 });
  });

  it.each([
    [['--bits', '3/7'], /bits: .*\(got "3\/7"\)/],
    [['--epochs', '-1'], /ambiguous|epochs/],
    [['--epochs=-1'], /epochs: .*\(got -1\)/],
    [['--batch-size', '0'], /batchSize: .*\(got 0\)/],
    [['--lr', 'fast'], /--lr fast: expected a number/],
    [['--epochs', '2.5'], /--epochs 2.5: expected a whole number/],
    [['--o-end', '0.5'], /oEnd: .*\(got 0.5\)/],
    [['--o-schedule', 'sigmoid'], /oSchedule: .*\(got "sigmoid"\)/],
    [['--backend', 'gpu'], /backend: .*\(got "gpu"\)/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('rejects %j with exit-2 error naming the value', (argv, message) => {
    expect(() => resolve(argv as string[])).toThrow(UsageError);
    expect(() => resolve(argv as string[])).toThrow(message);
  });

  it('rejects a config file that is not JSON or has unknown keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signflow-config-'));
    writeFileSync(join(dir, 'bad.json'), '{ "epochs": 3,, }');
    writeFileSync(join(dir, 'unknown.json'), JSON.stringify({ epochs: 3, epochz: 4 }));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ epochs: 3, backbone: 'lenet' }));
    expect(() => resolve(['--config', join(dir, 'bad.json')])).toThrow(/is not valid JSON/);
    expect(() => resolve(['--config', join(dir, 'unknown.json')])).toThrow(/epochz/);
    expect(() => resolve(['--config', join(dir, 'missing.json')])).toThrow(/Cannot read the config file/);
    expect(resolve(['--config', join(dir, 'good.json'), '--epochs', '5'])).toMatchObject({ epochs: 5, backbone: 'lenet' });
  });
});
