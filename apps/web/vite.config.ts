import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * The page's build. Workspace packages are bundled from their TypeScript sources (the
 * `@signflow/source` condition), so the page never waits for a package build. Paths are
 * relative (`base: './'`) so that a static site works from any folder of a host.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { conditions: ['@signflow/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // tfjs and vega are large by nature; the budget that matters is checked by scripts/bundle-weight.ts.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // @signflow/infer loads its Node.js addon only under Node.js (a dynamic import behind a
      // check); a browser runs its WebAssembly engine, so the addon's module stays out of the bundle.
      external: (source, importer) => /[/\\]infer[/\\]src[/\\]engine[/\\]/.test(importer ?? '') && /native-addon(\.js|\.ts)?$/.test(source),
    },
  },
});
