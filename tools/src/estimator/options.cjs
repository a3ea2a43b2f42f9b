// @ts-check
'use strict';

const { names, readJson } = require('@nx/devkit');

/**
 * What the user passes to `nx g @signflow/tools:estimator`.
 * @typedef {object} EstimatorGeneratorSchema
 * @property {string} name the estimator id, lower-case kebab-case
 * @property {string} [className] the class name (PascalCase)
 * @property {string} [title] the method's name in the docs
 * @property {string} [description] one line for package.json and the CLI
 */

/**
 * Everything the templates need, validated.
 * @typedef {object} EstimatorOptions
 * @property {string} projectRoot where the package goes, `packages/estimator-<name>`
 * @property {string} projectName the Nx project name, `estimator-<name>`
 * @property {string} docsPage the docs page, `docs/estimators/<name>.md`
 * @property {Record<string, string>} substitutions the template variables
 */

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CLASS_PATTERN = /^[A-Z][A-Za-z0-9]*$/;
const CORE_MANIFEST = 'packages/core/package.json';

/**
 * Validates the user's options against the workspace and derives the template variables.
 * Throws an Error naming the bad value and the fix.
 * @param {import('@nx/devkit').Tree} tree
 * @param {Set<string>} projectNames the names of the workspace's Nx projects
 * @param {EstimatorGeneratorSchema} schema
 * @returns {EstimatorOptions}
 */
function normalizeOptions(tree, projectNames, schema) {
  const name = schema.name;
  if (typeof name !== 'string' || !ID_PATTERN.test(name)) {
    throw new Error(
      `estimator generator: name = ${JSON.stringify(name)} is not a valid estimator id; use lower-case letters and digits in kebab-case, starting with a letter (e.g. 'ede', 'approx-sign').`,
    );
  }
  const className = schema.className ?? names(name).className;
  if (!CLASS_PATTERN.test(className)) {
    throw new Error(
      `estimator generator: className = ${JSON.stringify(className)} is not a valid class name; use PascalCase letters and digits (e.g. 'EDE', 'ApproxSign').`,
    );
  }
  const projectRoot = `packages/estimator-${name}`;
  const projectName = `estimator-${name}`;
  const docsPage = `docs/estimators/${name}.md`;
  for (const taken of [projectRoot, docsPage]) {
    if (tree.exists(taken)) {
      throw new Error(`estimator generator: ${taken} already exists; choose another name or remove it first.`);
    }
  }
  if (projectNames.has(projectName)) {
    throw new Error(`estimator generator: an Nx project named '${projectName}' already exists; choose another name.`);
  }
  const title = oneLine('title', schema.title ?? className);
  const description = oneLine('description', schema.description ?? `${title} gradient estimator for signflow`);
  const core = readCoreManifest(tree);
  return {
    projectRoot,
    projectName,
    docsPage,
    substitutions: {
      name,
      className,
      constantName: names(className).constantName,
      title,
      description,
      descriptionTs: singleQuoted(description),
      descriptionJson: JSON.stringify(description),
      coreVersion: core.version,
      tfjsCoreRange: core.peerDependencies['@tensorflow/tfjs-core'],
      tfjsLayersRange: core.peerDependencies['@tensorflow/tfjs-layers'],
    },
  };
}

/**
 * The version and tfjs peer ranges of `@signflow/core`, which a new package depends on and shares.
 * @param {import('@nx/devkit').Tree} tree
 * @returns {{ version: string, peerDependencies: Record<string, string> }}
 */
function readCoreManifest(tree) {
  if (!tree.exists(CORE_MANIFEST)) {
    throw new Error(`estimator generator: ${CORE_MANIFEST} not found; run the generator from the root of the signflow workspace.`);
  }
  /** @type {{ version?: string, peerDependencies?: Record<string, string> }} */
  const manifest = readJson(tree, CORE_MANIFEST);
  const peers = manifest.peerDependencies ?? {};
  for (const peer of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']) {
    if (typeof peers[peer] !== 'string') {
      throw new Error(`estimator generator: ${CORE_MANIFEST} has no peer dependency on ${peer}; the new package copies core's tfjs ranges.`);
    }
  }
  if (typeof manifest.version !== 'string') {
    throw new Error(`estimator generator: ${CORE_MANIFEST} has no version.`);
  }
  return { version: manifest.version, peerDependencies: peers };
}

/**
 * Rejects text that would break the one-line places it is written to (a string literal, a JSON
 * value, a Markdown heading).
 * @param {string} field
 * @param {unknown} value
 * @returns {string}
 */
function oneLine(field, value) {
  if (typeof value !== 'string' || value.trim() === '' || /[\r\n`]/.test(value)) {
    throw new Error(`estimator generator: ${field} = ${JSON.stringify(value)} must be one non-empty line without backquotes.`);
  }
  return value.trim();
}

/**
 * `text` as a single-quoted TypeScript string literal.
 * @param {string} text
 * @returns {string}
 */
function singleQuoted(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

module.exports = { normalizeOptions };
