import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { estimatorGenerator } from './generator-module.js';

const CORE_MANIFEST = {
  name: '@signflow/core',
  version: '0.3.1',
  peerDependencies: { '@tensorflow/tfjs-core': '^4.22.0', '@tensorflow/tfjs-layers': '^4.22.0' },
};

const PACKAGE_FILES = [
  'README.md',
  'package.json',
  'project.json',
  'src/approx-sign.ts',
  'src/index.ts',
  'src/plugin.ts',
  'test/conformance.test.ts',
  'test/reference.ts',
  'test/validation.test.ts',
  'tsconfig.json',
  'tsconfig.lib.json',
  'vitest.config.ts',
];

let tree: Tree;

beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
  tree.write('packages/core/package.json', JSON.stringify(CORE_MANIFEST));
});

function read(path: string): string {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} was not generated`);
  return text;
}

describe('the estimator generator', () => {
  it('writes the package and its docs page, with the names derived from the options', () => {
    estimatorGenerator(tree, { name: 'approx-sign', className: 'ApproxSign', title: 'Bi-Real ApproxSign' });
    for (const file of PACKAGE_FILES) expect(tree.exists(`packages/estimator-approx-sign/${file}`), file).toBe(true);
    expect(tree.exists('docs/estimators/approx-sign.md')).toBe(true);

    const source = read('packages/estimator-approx-sign/src/approx-sign.ts');
    expect(source).toContain('export class ApproxSign extends BaseEstimator');
    expect(source).toContain("super('approx-sign', 1, APPROX_SIGN_HYPER, config);");
    expect(source).toContain('export function createApproxSign(config?: Partial<ApproxSignConfig>): ApproxSign');
    expect(read('packages/estimator-approx-sign/src/plugin.ts')).toContain("id: 'approx-sign',");
    expect(read('docs/estimators/approx-sign.md')).toMatch(/^# Bi-Real ApproxSign\n/);
    // No template syntax survives.
    for (const file of PACKAGE_FILES) expect(read(`packages/estimator-approx-sign/${file}`), file).not.toMatch(/<%|%>/);
  });

  it('writes a publishable package.json that follows core’s version and tfjs peer ranges', () => {
    estimatorGenerator(tree, { name: 'demo' });
    const manifest = readJson(tree, 'packages/estimator-demo/package.json');
    expect(manifest).toMatchObject({
      name: '@signflow/estimator-demo',
      version: '0.3.1',
      type: 'module',
      exports: {
        '.': { '@signflow/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
        './package.json': './package.json',
      },
      types: './dist/index.d.ts',
      files: ['dist', '!dist/.tsbuildinfo', 'src', '!**/*.test.*', 'README.md'],
      engines: { node: '>=20' },
      repository: { directory: 'packages/estimator-demo' },
      peerDependencies: CORE_MANIFEST.peerDependencies,
      dependencies: { '@signflow/core': '0.3.1' },
    });
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.exports['.'])).toEqual(['@signflow/source', 'types', 'default']);
  });

  it('tags the project as a published estimator with build, package, typecheck, lint and test targets', () => {
    estimatorGenerator(tree, { name: 'demo' });
    const project = readJson(tree, 'packages/estimator-demo/project.json');
    expect(project.name).toBe('estimator-demo');
    expect(project.tags).toEqual(['type:estimator', 'scope:published']);
    expect(Object.keys(project.targets)).toEqual(['build', 'package', 'typecheck', 'lint', 'test']);
    expect(project.targets.package).toMatchObject({
      dependsOn: ['build'],
      options: { command: 'node ../../tools/publish/prepare-package.mjs' },
      outputs: ['{workspaceRoot}/dist/{projectRoot}'],
    });
  });

  it('defaults the class name to the PascalCase of the id', () => {
    estimatorGenerator(tree, { name: 'demo' });
    expect(read('packages/estimator-demo/src/index.ts')).toContain('createDemo');
    // Exactly what plugin.ts exports: the build of the generated package fails otherwise.
    expect(read('packages/estimator-demo/src/index.ts')).toContain("export { plugin } from './plugin.js';");
  });

  it('writes a description with quotes as valid string literals', () => {
    estimatorGenerator(tree, { name: 'demo', description: `Demo's "estimator" \\ test` });
    expect(read('packages/estimator-demo/src/plugin.ts')).toContain(`description: 'Demo\\'s "estimator" \\\\ test',`);
    expect(readJson(tree, 'packages/estimator-demo/package.json').description).toBe(`Demo's "estimator" \\ test`);
  });

  it('writes a reference that throws the fill-in message', () => {
    estimatorGenerator(tree, { name: 'demo' });
    expect(read('packages/estimator-demo/test/reference.ts')).toContain(
      "'fill in the reference pseudo-gradient of demo in test/reference.ts: write γ(x) from the paper, '",
    );
  });

  it('prints the next steps, npm install first', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    estimatorGenerator(tree, { name: 'demo' })();
    const printed = [...info.mock.calls, ...log.mock.calls].flat().join('\n');
    info.mockRestore();
    log.mockRestore();
    expect(printed).toMatch(/1\. npm install/);
    expect(printed).toContain('5. npx signflow train --estimator demo ');
    expect(printed).toContain('docs/write-your-own-estimator.md');
  });
});

describe('the estimator generator rejects', () => {
  it('a malformed id, naming it and the rule', () => {
    for (const name of ['Demo', 'my_estimator', '1bit', 'a--b', '']) {
      expect(() => estimatorGenerator(tree, { name }), name).toThrow(/name = ".*" is not a valid estimator id; use lower-case/);
    }
  });

  it('a malformed class name', () => {
    expect(() => estimatorGenerator(tree, { name: 'demo', className: 'demo' })).toThrow(
      /className = "demo" is not a valid class name; use PascalCase/,
    );
  });

  it('a package folder, a docs page or a project name that already exists, writing nothing', () => {
    estimatorGenerator(tree, { name: 'demo' });
    expect(() => estimatorGenerator(tree, { name: 'demo' })).toThrow(/packages\/estimator-demo already exists; choose another name/);

    tree.write('docs/estimators/other.md', '# mine\n');
    expect(() => estimatorGenerator(tree, { name: 'other' })).toThrow(/docs\/estimators\/other\.md already exists/);
    expect(tree.exists('packages/estimator-other')).toBe(false);
    expect(read('docs/estimators/other.md')).toBe('# mine\n');

    tree.write('libs/third/project.json', JSON.stringify({ name: 'estimator-third' }));
    expect(() => estimatorGenerator(tree, { name: 'third' })).toThrow(/an Nx project named 'estimator-third' already exists/);
  });

  it('a title or description that is not one line', () => {
    expect(() => estimatorGenerator(tree, { name: 'demo', title: 'two\nlines' })).toThrow(/title = "two\\nlines" must be one non-empty line/);
    expect(() => estimatorGenerator(tree, { name: 'demo', description: ' ' })).toThrow(/description = " " must be one non-empty line/);
  });

  it('a workspace without packages/core', () => {
    tree.delete('packages/core/package.json');
    expect(() => estimatorGenerator(tree, { name: 'demo' })).toThrow(
      /packages\/core\/package\.json not found; run the generator from the root of the signflow workspace/,
    );
  });
});
