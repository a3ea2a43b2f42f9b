import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../publish/packages.mjs';
import { TempWorkspace } from '../test/temp-workspace.js';

/** The estimator a third party scaffolds: its id, Nx project and npm name. */
export const THIRD_PARTY_ESTIMATOR = { id: 'swishsign', project: 'estimator-swishsign', packageName: '@signflow/estimator-swishsign' } as const;

/**
 * Scaffolds the estimator package with `nx g @signflow/tools:estimator` in a copy of the
 * workspace whose `@signflow/core` has the version being published (as a maintainer's
 * workspace would after the release), builds it with its `package` target, and copies its
 * publish folder to `destination`. The scaffold is a working clipped straight-through estimator:
 * it builds and trains as generated (its conformance test waits for the author's reference).
 */
export function scaffoldEstimatorPackage(destination: string, coreVersion: string): { packageName: string; version: string; publishDir: string } {
  const workspace = new TempWorkspace();
  try {
    const coreManifest = join(workspace.root, 'packages', 'core', 'package.json');
    writeFileSync(coreManifest, JSON.stringify({ ...JSON.parse(readFileSync(coreManifest, 'utf8')), version: coreVersion }, null, 2));
    nx(workspace.root, ['g', '@signflow/tools:estimator', THIRD_PARTY_ESTIMATOR.id, '--no-interactive']);
    nx(workspace.root, ['run', `${THIRD_PARTY_ESTIMATOR.project}:package`, '--outputStyle=static']);
    const publishDir = join(workspace.root, 'dist', 'packages', THIRD_PARTY_ESTIMATOR.project);
    const manifest = JSON.parse(readFileSync(join(publishDir, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };
    if (manifest.dependencies['@signflow/core'] !== coreVersion) {
      throw new Error(`${manifest.name} depends on @signflow/core ${manifest.dependencies['@signflow/core']}, not the published ${coreVersion}`);
    }
    cpSync(publishDir, destination, { recursive: true });
    return { packageName: manifest.name, version: manifest.version, publishDir: destination };
  } finally {
    workspace.dispose();
  }
}

/** Runs Nx in the copy, with the real workspace's installation and no daemon. */
function nx(cwd: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, [join(workspaceRoot, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
    timeout: 540_000,
  });
  console.log(`${result.stdout ?? ''}${result.stderr ?? ''}`.trim());
  if (result.status !== 0) throw new Error(`nx ${args.join(' ')} exited with ${result.status ?? result.signal} in ${cwd}`);
}
