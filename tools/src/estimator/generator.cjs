// @ts-check
'use strict';

const path = require('node:path');
const { generateFiles, getProjects, logger } = require('@nx/devkit');
const { normalizeOptions } = require('./options.cjs');

/**
 * `nx g @signflow/tools:estimator <name>`: scaffolds a complete estimator plugin package in
 * `packages/estimator-<name>` (sources, a conformance test wired to `@signflow/core/testing`,
 * validation tests, README, package.json, project.json, tsconfigs, vitest config) and its page
 * `docs/estimators/<name>.md`.
 *
 * The scaffold's estimator is a working clipped straight-through estimator for the author to
 * replace; its reference pseudo-gradient in `test/reference.ts` throws until the author writes
 * the method's formula there, so the conformance test fails until then.
 *
 * @param {import('@nx/devkit').Tree} tree
 * @param {import('./options.cjs').EstimatorGeneratorSchema} schema
 * @returns {import('@nx/devkit').GeneratorCallback}
 */
function estimatorGenerator(tree, schema) {
  const options = normalizeOptions(tree, new Set(getProjects(tree).keys()), schema);
  const substitutions = { ...options.substitutions, tmpl: '' };
  generateFiles(tree, path.join(__dirname, 'files', 'package'), options.projectRoot, substitutions);
  generateFiles(tree, path.join(__dirname, 'files', 'docs'), path.dirname(options.docsPage), substitutions);
  return () => logger.info(nextSteps(options));
}

/**
 * What the author does after generation.
 * @param {import('./options.cjs').EstimatorOptions} options
 * @returns {string}
 */
function nextSteps(options) {
  const { name } = options.substitutions;
  return [
    `Created ${options.projectRoot} (@signflow/estimator-${name}) and ${options.docsPage}. Next:`,
    `  1. npm install                      (links @signflow/estimator-${name} into node_modules)`,
    `  2. write the method in ${options.projectRoot}/src/${name}.ts (forward, pseudoGrad, surrogate, config, doc comment)`,
    `  3. write its reference γ(x) in ${options.projectRoot}/test/reference.ts, from the paper and independently of the code`,
    `  4. npx nx run-many -t test,typecheck,lint,build -p ${options.projectName}`,
    `  5. npx signflow train --estimator ${name}   (the trainer loads @signflow/estimator-${name} by itself)`,
    '  The guide, from here to a benchmark row and publishing: docs/write-your-own-estimator.md',
  ].join('\n');
}

module.exports = estimatorGenerator;
