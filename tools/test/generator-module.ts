import { createRequire } from 'node:module';
import type { GeneratorCallback, Tree } from '@nx/devkit';

/** The options of `nx g @signflow/tools:estimator`. */
export interface EstimatorGeneratorSchema {
  name: string;
  className?: string;
  title?: string;
  description?: string;
}

/**
 * The generator, loaded through Node's own `require`: it is CommonJS (Nx `require`s generators),
 * which Vitest's ESM transform would not run.
 */
export const estimatorGenerator = createRequire(import.meta.url)('../src/estimator/generator.cjs') as (
  tree: Tree,
  schema: EstimatorGeneratorSchema,
) => GeneratorCallback;
