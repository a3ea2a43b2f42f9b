import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPublishFolder, publishedPackages, workspaceRoot } from '../publish/packages.mjs';

/**
 * Installs the packed @signflow packages into an empty project outside the workspace, as a user
 * would from the registry, and trains there with plain Node. This catches what tests inside the
 * workspace cannot: files missing from a tarball, exports that only resolve through the
 * development condition, dependencies that only hoisting in the workspace satisfied.
 */
const PROJECTS = ['core', 'estimator-reste', 'zoo-small'];
const TFJS_PEERS = ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-layers@4.22.0', '@tensorflow/tfjs-backend-cpu@4.22.0'];
const HERE = new URL('./outside-install/', import.meta.url);

/** The environment of a command run in the outside project: none of npm's or Vitest's settings. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm_|VITEST|NODE_ENV$|NODE_OPTIONS$|INIT_CWD$)/i.test(key)),
);

let project: string;

function run(command: string, args: readonly string[], timeout = 110_000): string {
  const result = spawnSync(command, args, { cwd: project, env, encoding: 'utf8', timeout });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

beforeAll(async () => {
  // The publish folders, from the current sources (cached by Nx when nothing changed).
  execFileSync('npx', ['nx', 'run-many', '-t', 'package', `--projects=${PROJECTS.join(',')}`, '--outputStyle=static'], {
    cwd: workspaceRoot,
    env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    stdio: 'pipe',
  });
  project = mkdtempSync(join(tmpdir(), 'signflow-outside-'));
  const tarballs = (await publishedPackages())
    .filter((pkg) => PROJECTS.includes(pkg.project))
    .map((pkg) => packPublishFolder(pkg, project));
  expect(tarballs).toHaveLength(PROJECTS.length);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'outside', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...tarballs, ...TFJS_PEERS], 300_000);
  copyFileSync(new URL('train-two-steps.mjs', HERE), join(project, 'train-two-steps.mjs'));
  copyFileSync(new URL('consumer.ts', HERE), join(project, 'consumer.ts'));
}, 400_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the packed packages installed outside the workspace', () => {
  it('install as published manifests, without the development condition or workspace links', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/@signflow/core/package.json'), 'utf8'));
    expect(JSON.stringify(manifest.exports)).not.toContain('@signflow/source');
    expect(Object.keys(manifest.exports['.'])).toEqual(['types', 'default']);
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    // Every @signflow package comes from a tarball, none from a link into the workspace.
    for (const [path, entry] of Object.entries<{ link?: boolean; resolved?: string }>(lock.packages)) {
      if (!path.includes('@signflow/')) continue;
      expect(entry.link, path).toBeUndefined();
      expect(entry.resolved, path).toMatch(/^file:signflow-.*\.tgz$/);
    }
  });

  it('train a ReSTE binary MLP for two steps with plain Node', () => {
    const result = JSON.parse(run(process.execPath, ['train-two-steps.mjs']).trim().split('\n').pop() ?? '');
    expect(result.backend).toBe('cpu');
    expect(result.estimators).toContain('reste');
    expect(result.losses).toHaveLength(2);
    for (const loss of result.losses) expect(Number.isFinite(loss) && loss > 0).toBe(true);
    // 16 × 16 binary kernel: with lr 0.5 every latent weight moves in one of two steps.
    expect(result.kernelSize).toBe(256);
    expect(result.kernelChanged).toBeGreaterThan(200);
    expect(result.leakedTensors).toBe(0);
  });

  it('type-check a consumer against the published declarations', () => {
    const compilerOptions = { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [], skipLibCheck: true };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    run(process.execPath, [join(workspaceRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
  });
});
