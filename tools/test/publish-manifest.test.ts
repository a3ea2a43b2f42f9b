import { describe, expect, it } from 'vitest';
import { publishManifest } from '../publish/publish-manifest.mjs';

const DEVELOPMENT_MANIFEST = {
  name: '@signflow/demo',
  version: '1.2.3',
  type: 'module',
  exports: {
    '.': { '@signflow/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
    './testing': { '@signflow/source': './src/testing/index.ts', types: './dist/testing/index.d.ts', default: './dist/testing/index.js' },
    './package.json': './package.json',
  },
  sideEffects: ['./dist/layers/a.js', './src/layers/a.ts'],
  scripts: { 'build:native': 'node scripts/build.cjs', bench: 'tsx bench/run.ts', missing: 'node scripts/absent.cjs' },
  dependencies: { '@signflow/core': '1.2.3' },
  devDependencies: { vitest: '3.2.7' },
};
const SHIPPED = new Set(['package.json', 'dist/index.js', 'scripts/build.cjs']);

describe('publishManifest', () => {
  it('drops the source condition so that every export starts with types', () => {
    const published = publishManifest(DEVELOPMENT_MANIFEST, SHIPPED);
    expect(published['exports']).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './testing': { types: './dist/testing/index.d.ts', default: './dist/testing/index.js' },
      './package.json': './package.json',
    });
  });

  it('keeps only the built side-effect modules', () => {
    expect(publishManifest(DEVELOPMENT_MANIFEST, SHIPPED)['sideEffects']).toEqual(['./dist/layers/a.js']);
    expect(publishManifest({ ...DEVELOPMENT_MANIFEST, sideEffects: false }, SHIPPED)['sideEffects']).toBe(false);
  });

  it('keeps scripts that run a shipped file with node, and drops development fields', () => {
    const published = publishManifest(DEVELOPMENT_MANIFEST, SHIPPED);
    expect(published['scripts']).toEqual({ 'build:native': 'node scripts/build.cjs' });
    expect(published).not.toHaveProperty('devDependencies');
    expect(published['dependencies']).toEqual({ '@signflow/core': '1.2.3' });
    expect(publishManifest({ ...DEVELOPMENT_MANIFEST, scripts: { bench: 'tsx x.ts' } }, SHIPPED)).not.toHaveProperty('scripts');
  });

  it('refuses private packages and exports that would not resolve types first', () => {
    expect(() => publishManifest({ ...DEVELOPMENT_MANIFEST, private: true }, SHIPPED)).toThrow(/is private/);
    const typesLast = { '.': { '@signflow/source': './src/index.ts', default: './dist/index.js', types: './dist/index.d.ts' } };
    expect(() => publishManifest({ ...DEVELOPMENT_MANIFEST, exports: typesLast }, SHIPPED)).toThrow(
      /exports\["\."\] lists "default" before "types"/,
    );
  });
});

describe('publishManifest with publishConfig', () => {
  const CLI_MANIFEST = {
    name: '@signflow/cli',
    version: '1.0.0',
    bin: { signflow: './bin/signflow.mjs' },
    publishConfig: { bin: { signflow: './dist/cli.js' }, access: 'public' },
    dependencies: { '@signflow/core': '1.0.0' },
  };

  it('replaces the fields it names and keeps its registry settings', () => {
    const published = publishManifest(CLI_MANIFEST, new Set(['package.json', 'dist/cli.js']));
    expect(published['bin']).toEqual({ signflow: './dist/cli.js' });
    expect(published['publishConfig']).toEqual({ access: 'public' });
    expect(Object.keys(published)).toEqual(['name', 'version', 'bin', 'publishConfig', 'dependencies']);
  });

  it('adds an overriding field the development manifest lacks, and drops an emptied publishConfig', () => {
    const published = publishManifest({ name: '@signflow/x', version: '1.0.0', publishConfig: { main: './dist/index.js' } }, new Set(['dist/index.js']));
    expect(published['main']).toBe('./dist/index.js');
    expect(published).not.toHaveProperty('publishConfig');
  });

  it('drops a field that publishConfig empties', () => {
    const manifest = { ...CLI_MANIFEST, optionalDependencies: { 'onnxruntime-node': '1.30.0' }, publishConfig: { ...CLI_MANIFEST.publishConfig, optionalDependencies: {} } };
    const published = publishManifest(manifest, new Set(['dist/cli.js']));
    expect(published).not.toHaveProperty('optionalDependencies');
    expect(published['publishConfig']).toEqual({ access: 'public' });
  });

  it('refuses a bin that does not ship', () => {
    expect(() => publishManifest(CLI_MANIFEST, new Set(['package.json', 'bin/signflow.mjs']))).toThrow(/@signflow\/cli: bin dist\/cli.js is not among the files that ship/);
  });
});
