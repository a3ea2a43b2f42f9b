import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace's `signflow` command. */
const SIGNFLOW = fileURLToPath(new URL('../../trainer/bin/signflow.mjs', import.meta.url));

/** Runs `signflow ...args`; rejects with its output when it fails. */
export function signflow(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SIGNFLOW, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`signflow ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

/** The runs the browser tests look at. */
export interface PageFixture {
  readonly root: string;
  /** A 1-epoch MLP trained on 2,000 MNIST digits, with its checkpoint. */
  readonly mnist: string;
  /** The MNIST run exported as `model.sfpk`. */
  readonly packed: string;
  /** A 3-epoch STE run. */
  readonly ste: string;
  /** A run whose epoch log has a malformed second line. */
  readonly corrupt: string;
  /** A run still in progress (no summary), written by the test. */
  readonly running: string;
  /** Its directory, to append epochs to. */
  readonly runningDir: string;
}

function onlyNewRun(dir: string, before: ReadonlySet<string>): string {
  const added = readdirSync(dir).filter((name) => !before.has(name));
  if (added.length !== 1) throw new Error(`expected one new run directory in ${dir}, found ${added.join(', ')}`);
  return added[0];
}

/** Trains the runs, writes the damaged and the running one, and runs a small benchmark (ReSTE at two o_end and the STE, two seeds each). */
export async function createFixture(base: string): Promise<PageFixture> {
  const runs = join(base, 'runs');
  mkdirSync(runs, { recursive: true });
  let before = new Set(readdirSync(runs));
  await signflow(['train', '--epochs', '1', '--limit-train', '2000', '--out', runs]);
  const mnist = onlyNewRun(runs, before);
  // The same model as a packed export, for the WebAssembly engine.
  await signflow(['export', join(runs, mnist), '--format', 'packed', '--out', join(runs, 'mnist-packed')]);
  before = new Set(readdirSync(runs));
  await signflow(['train', '--estimator', 'ste', '--epochs', '3', '--limit-train', '500', '--limit-test', '500', '--out', runs]);
  const ste = onlyNewRun(runs, before);

  const corrupt = join(runs, 'corrupt-run');
  mkdirSync(corrupt);
  cpSync(join(runs, mnist, 'config.json'), join(corrupt, 'config.json'));
  writeFileSync(join(corrupt, 'epochs.jsonl'), '{"epoch":0,"loss":1.5,"top1":0.4}\n{"epoch":1,"loss":\n');

  const runningDir = join(runs, 'running-run');
  mkdirSync(runningDir);
  writeFileSync(join(runningDir, 'config.json'), JSON.stringify({ estimator: 'reste', backbone: 'mlp', bits: '1/1', dataset: 'mnist', epochs: 5 }));
  writeFileSync(join(runningDir, 'epochs.jsonl'), '{"epoch":0,"loss":2.0,"testLoss":1.9,"top1":0.3}\n');

  const grid = join(base, 'grid.json');
  writeFileSync(
    grid,
    JSON.stringify({
      name: 'o_end sweep',
      axes: { estimator: ['reste', 'ste'], oEnd: [1, 3], seed: [1, 2] },
      settings: { backbone: 'mlp', dataset: 'mnist', limitTrain: 300, limitTest: 300, epochs: 2, batchSize: 50 },
    }),
  );
  await signflow(['bench', grid, '--out', join(runs, 'sweep')]);
  return { root: runs, mnist: `runs~${mnist}`, packed: 'runs~mnist-packed', ste: `runs~${ste}`, corrupt: 'runs~corrupt-run', running: 'runs~running-run', runningDir };
}
