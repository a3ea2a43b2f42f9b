import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INSTALLED_PLUGINS } from './installed.js';

const PACKAGES = fileURLToPath(new URL('../../../../packages/', import.meta.url));

describe('installed estimators', () => {
  it('include every estimator package of the workspace, each bundled into the page (a development dependency)', () => {
    const packages = readdirSync(PACKAGES).filter((name) => name.startsWith('estimator-'));
    const ids = packages.map((name) => (JSON.parse(readFileSync(`${PACKAGES}${name}/package.json`, 'utf8')) as { name: string }).name);
    const deps = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
    expect(ids.filter((id) => deps[id] === undefined)).toEqual([]);
    expect(INSTALLED_PLUGINS.map((p) => p.id).sort()).toEqual(packages.map((name) => name.slice('estimator-'.length)).sort());
  });
});
