import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as plots from '../src/plots/index.js';
import * as specs from '../src/specs.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Every module specifier imported (statically or dynamically) by the package files reachable from `entry`. */
function reachableImports(entry: string): { files: string[]; external: string[] } {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'([^']+)'/g)) {
      const specifier = match[1];
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else external.add(specifier);
    }
  };
  visit(join(SRC, entry));
  return { files: [...seen], external: [...external].sort() };
}

describe('@signflow/metrics/specs', () => {
  it('reaches no Node.js module and no renderer, so that a browser bundle can import it', () => {
    const { files, external } = reachableImports('specs.ts');
    expect(files.length).toBeGreaterThan(5);
    expect(external.filter((s) => s.startsWith('node:') || s === 'vega' || s.startsWith('@resvg/'))).toEqual([]);
    expect(external).toEqual(['@signflow/core', '@tensorflow/tfjs-core', 'vega-lite']);
  });

  it('exports the same spec functions as @signflow/metrics/plots', () => {
    for (const name of ['lineChartSpec', 'trainingCurveSpecs', 'estimatorCurves', 'estimatorPlotSpec', 'schedulePlotSpec', 'indicatorPlotSpec'] as const) {
      expect(specs[name]).toBe(plots[name]);
    }
  });
});
