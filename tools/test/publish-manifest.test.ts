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
