import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPackages, workspaceRoot, type PublishedPackage } from '../publish/packages.mjs';

/**
 * What nx release (nx.json's release configuration, with version plans) versions when one
 * package changes. It runs on a copy of the workspace's manifests in the system's temp folder
 * with one version plan, so that nothing here is written; the copy's nx.json has no pre-version
 * command and no publish folders to update (neither decides who is bumped).
 */
let packages: PublishedPackage[];
let manifests: Map<string, Record<string, Record<string, string> | undefined>>;
const copies: string[] = [];

beforeAll(async () => {
  packages = await publishedPackages();
  manifests = new Map(packages.map((pkg) => [pkg.name, JSON.parse(readFileSync(join(workspaceRoot, pkg.projectRoot, 'package.json'), 'utf8'))]));
});

afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** The workspace's published projects' manifests and nx.json in a temp folder, with one plan. */
function workspaceWithPlan(plan: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'signflow-release-plan-'));
  copies.push(root);
  const nxJson = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8'));
  nxJson.release.version.preVersionCommand = '';
  nxJson.release.version.manifestRootsToUpdate = ['{projectRoot}'];
  writeFileSync(join(root, 'nx.json'), JSON.stringify(nxJson));
  cpSync(join(workspaceRoot, 'package.json'), join(root, 'package.json'));
  for (const pkg of packages) {
    for (const file of ['package.json', 'project.json']) {
      mkdirSync(join(root, pkg.projectRoot), { recursive: true });
      cpSync(join(workspaceRoot, pkg.projectRoot, file), join(root, pkg.projectRoot, file));
    }
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'));
  const planFile = join(root, '.nx', 'version-plans', 'change.md');
  mkdirSync(dirname(planFile), { recursive: true });
  writeFileSync(planFile, `---\n${Object.entries(plan).map(([project, bump]) => `${project}: ${bump}`).join('\n')}\n---\n\nA change.\n`);
  return root;
}

/** nx release's new version per project (null: unchanged), from a dry run in `root`. */
function plannedVersions(root: string): Record<string, string | null> {
  const script = `
    import { ReleaseClient } from 'nx/release';
    const client = new ReleaseClient({}, false);
    const { projectsVersionData } = await client.releaseVersion({ dryRun: true, gitCommit: false, gitTag: false, stageChanges: false });
    console.log('VERSIONS ' + JSON.stringify(Object.fromEntries(Object.entries(projectsVersionData).map(([p, d]) => [p, d.newVersion]))));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    timeout: 110_000,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('VERSIONS '));
  if (result.status !== 0 || line === undefined) throw new Error(`nx release version --dry-run failed:\n${result.stdout}${result.stderr}`);
  return JSON.parse(line.slice('VERSIONS '.length));
}

/**
 * The published projects that depend on `name`'s package, directly or through another one. Nx
 * release follows the project graph, whose edges include devDependencies: right for
 * `@signflow/web`, which bundles what it lists there, and a harmless patch for a package that
 * only tests against it.
 */
function dependentsOf(project: string): Set<string> {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg.project]));
  const found = new Set<string>();
  const queue = [packages.find((pkg) => pkg.project === project)?.name];
  while (queue.length > 0) {
    const name = queue.shift();
    for (const [dependent, manifest] of manifests) {
      const declared = { ...manifest['dependencies'], ...manifest['peerDependencies'], ...manifest['optionalDependencies'], ...manifest['devDependencies'] };
      const dependentProject = byName.get(dependent) as string;
      if (name !== undefined && name in declared && !found.has(dependentProject)) {
        found.add(dependentProject);
        queue.push(dependent);
      }
    }
  }
  return found;
}

function bumped(versions: Record<string, string | null>): string[] {
  return Object.entries(versions)
    .filter(([, version]) => version !== null)
    .map(([project]) => project)
    .sort();
}

describe('nx release with version plans', () => {
  it('bumps a changed core and, by a patch, every package that depends on it, and nothing else', () => {
    const versions = plannedVersions(workspaceWithPlan({ core: 'minor' }));
    const dependents = dependentsOf('core');
    expect(dependents.size).toBeGreaterThan(5);
    expect(bumped(versions)).toEqual(['core', ...dependents].sort());
    // 0.x: a minor change moves the patch (adjustSemverBumpsForZeroMajorVersion), as caret ranges read 0.x.
    const core = manifests.get('@signflow/core')?.['version'] as unknown as string;
    expect(versions['core']).toBe(core.replace(/\.(\d+)$/, (_, patch: string) => `.${Number(patch) + 1}`));
    const untouched = packages.filter((pkg) => pkg.project !== 'core' && !dependents.has(pkg.project));
    expect(untouched.length).toBeGreaterThan(0);
    for (const pkg of untouched) expect(versions[pkg.project], pkg.project).toBeNull();
  });

  it('bumps a changed estimator and the command that depends on it, not its own dependency', () => {
    const versions = plannedVersions(workspaceWithPlan({ 'estimator-reste': 'patch' }));
    expect(bumped(versions)).toEqual(['estimator-reste', ...dependentsOf('estimator-reste')].sort());
    expect(dependentsOf('estimator-reste').has('trainer')).toBe(true);
    expect(versions['core']).toBeNull();
  });
});
