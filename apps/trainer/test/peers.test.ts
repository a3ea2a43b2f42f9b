import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePeerProblems, OWN_MANIFEST, peerProblems } from '../src/install/peers.js';

function writePackage(dir: string, manifest: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'index.js'), 'module.exports = {};');
}

/** A folder whose node_modules holds a command package with peers, and some of those peers. */
function installed(projectManifest: boolean): { root: string; manifest: string } {
  const root = mkdtempSync(join(tmpdir(), 'signflow-peers-'));
  const base = projectManifest ? root : join(root, 'lib');
  if (projectManifest) writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
  const cli = join(base, 'node_modules', '@signflow', 'cli');
  writePackage(cli, {
    name: '@signflow/cli',
    version: '1.0.0',
    peerDependencies: { present: '^1.0.0', 'too-old': '^3.0.0', missing: '^2.0.0', 'optional-missing': '^1.0.0', hidden: '^1.0.0' },
    peerDependenciesMeta: { 'optional-missing': { optional: true } },
  });
  writePackage(join(base, 'node_modules', 'present'), { name: 'present', version: '1.4.0' });
  writePackage(join(base, 'node_modules', 'too-old'), { name: 'too-old', version: '2.9.0' });
  // A package that exports its entry but not its manifest: present, version unknown.
  writePackage(join(base, 'node_modules', 'hidden'), { name: 'hidden', version: '0.0.1', exports: { '.': './index.js' } });
  return { root, manifest: join(cli, 'package.json') };
}

describe('the required peers of the command', () => {
  it('are all installed in the workspace', () => {
    expect(peerProblems(OWN_MANIFEST)).toEqual([]);
  });

  it('reports missing ones and versions outside the range, not optional ones', () => {
    const { manifest } = installed(true);
    expect(peerProblems(manifest)).toEqual([
      { name: 'too-old', wanted: '^3.0.0', found: '2.9.0' },
      { name: 'missing', wanted: '^2.0.0', found: null },
    ]);
  });

  it('tells a project install and a global install what to run', () => {
    const local = installed(true);
    const message = describePeerProblems(peerProblems(local.manifest), local.manifest);
    expect(message).toContain('@signflow/cli needs these packages installed beside it');
    expect(message).toContain('  missing ^2.0.0 (not installed)');
    expect(message).toContain('  too-old ^3.0.0 (2.9.0 installed)');
    expect(message).toContain(`npm install 'too-old@^3.0.0' 'missing@^2.0.0'    (in ${local.root})`);

    const global = installed(false);
    expect(describePeerProblems(peerProblems(global.manifest), global.manifest)).toContain("npm install -g 'too-old@^3.0.0' 'missing@^2.0.0'\n");
  });
});
