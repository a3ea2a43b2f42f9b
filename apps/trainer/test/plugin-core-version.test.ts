import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { incompatibleCoreLine, releaseLine } from '../src/install/core-compatibility.js';
import { loadPluginPackage } from '../src/plugins/load-plugin-package.js';
import { installedCoreVersion } from '../src/plugins/plugin-core-version.js';
import { runCli } from './cli-helpers.js';

const CORE = installedCoreVersion();
/** A core version on the next release line after the installed one. */
const NEXT_LINE = semver.major(CORE) > 0 ? `${semver.major(CORE) + 1}.0.0` : `0.${semver.minor(CORE) + 1}.0`;

/**
 * A user project with one plugin package in node_modules. Its module throws when imported, so a
 * test that expects a refusal also shows that the refusal comes before the import.
 */
function projectWithPlugin(manifest: Record<string, unknown>, source = "throw new Error('the plugin module was imported');"): string {
  const root = mkdtempSync(join(tmpdir(), 'signflow-core-version-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
  const dir = join(root, 'node_modules', 'signflow-estimator-versioned');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'signflow-estimator-versioned', version: '3.1.0', type: 'module', exports: './dist/index.js', ...manifest }));
  // A nameless manifest beside the entry, as some builds write: the package's own one counts.
  writeFileSync(join(dir, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'dist', 'index.js'), source);
  return root;
}

describe('release lines and core compatibility', () => {
  it('groups versions as caret ranges do', () => {
    expect(releaseLine('2.3.4')).toBe('2.x');
    expect(releaseLine('0.3.1')).toBe('0.3.x');
    expect(releaseLine('0.0.4')).toBe('0.0.4');
  });

  it('accepts the same line or a satisfied range, and names the plugin line otherwise', () => {
    expect(incompatibleCoreLine('0.1.0', '0.1.0')).toBeNull();
    expect(incompatibleCoreLine('0.1.0', '0.1.7')).toBeNull();
    expect(incompatibleCoreLine('1.2.0', '1.9.0')).toBeNull();
    expect(incompatibleCoreLine('^1 || ^2', '2.1.0')).toBeNull();
    expect(incompatibleCoreLine('0.1.0', '0.2.0')).toBe('0.1.x');
    expect(incompatibleCoreLine('^1.2.0', '2.0.0')).toBe('1.x');
    expect(incompatibleCoreLine('^3.0.0', '2.5.0')).toBe('3.x');
    expect(() => incompatibleCoreLine('not a range', '1.0.0')).toThrow(/not a semver range/);
  });
});

describe('loading a plugin package built for another @signflow/core', () => {
  it('is refused before its module is imported, naming both versions', async () => {
    const root = projectWithPlugin({ peerDependencies: { '@signflow/core': `^${NEXT_LINE}` } });
    await expect(loadPluginPackage('signflow-estimator-versioned', root)).rejects.toThrow(
      `The plugin package 'signflow-estimator-versioned' 3.1.0 is built for @signflow/core ${releaseLine(NEXT_LINE)} (it declares "@signflow/core": "^${NEXT_LINE}"), but this signflow runs @signflow/core ${CORE}`,
    );
  });

  it('reads a dependency when there is no peer dependency, and reports a range that is not semver', async () => {
    const pinned = projectWithPlugin({ dependencies: { '@signflow/core': NEXT_LINE } });
    await expect(loadPluginPackage('signflow-estimator-versioned', pinned)).rejects.toThrow(/is built for @signflow\/core .* but this signflow runs/);
    const broken = projectWithPlugin({ peerDependencies: { '@signflow/core': 'latest and greatest' } });
    await expect(loadPluginPackage('signflow-estimator-versioned', broken)).rejects.toThrow(/which is not a semver range/);
  });

  it('loads a plugin built for the installed core, and one that declares no core at all', async () => {
    const plugin = (id: string): string => `export const plugin = { id: '${id}', description: 'test', create() { throw new Error('not used'); } };`;
    const matching = projectWithPlugin({ peerDependencies: { '@signflow/core': CORE } }, plugin('core-version-matching'));
    expect((await loadPluginPackage('signflow-estimator-versioned', matching)).estimators).toEqual(['core-version-matching']);
    const undeclared = projectWithPlugin({}, plugin('core-version-undeclared'));
    expect((await loadPluginPackage('signflow-estimator-versioned', undeclared)).estimators).toEqual(['core-version-undeclared']);
  });

  it('makes `signflow train --estimator` exit 2 with the message and no stack', async () => {
    const root = projectWithPlugin({ peerDependencies: { '@signflow/core': `^${NEXT_LINE}` } });
    const result = await runCli(['train', '--estimator', 'signflow-estimator-versioned', '--epochs', '1'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`but this signflow runs @signflow/core ${CORE}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
