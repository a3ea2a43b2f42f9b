// @ts-check
// Turns a package's development manifest into the manifest it is published with.
//
// In the workspace, every `exports` entry starts with the `@signflow/source` condition so that
// TypeScript, Vitest and tsx resolve sibling packages to their sources without a build; it has to
// come before `types`, because resolvers take the first matching condition. A consumer must never
// see it: the published manifest drops it (leaving `types` first), drops the `./src/` entries of
// `sideEffects`, and drops development-only fields.
//
// A package may also name, under `publishConfig`, fields that differ once published (pnpm's
// convention; npm itself reads only registry settings there): the CLI's `bin` runs TypeScript
// sources through tsx in the workspace and the compiled `dist/cli.js` when installed, and its
// `optionalDependencies` (onnxruntime-node, installed in the workspace for the tests) are empty
// once published, where the package is an optional peer instead. An empty object drops the field.

/** The export condition that points at TypeScript sources during development. */
export const SOURCE_CONDITION = '@signflow/source';

/** Fields that only matter inside the workspace. */
const DEVELOPMENT_FIELDS = ['devDependencies', 'nx'];

/** Fields that `publishConfig` may replace in the published manifest. */
const PUBLISH_OVERRIDES = ['bin', 'main', 'types', 'exports', 'optionalDependencies'];

/**
 * @typedef {{ [key: string]: unknown }} JsonObject
 */

/**
 * Returns the manifest to publish for a development manifest. Throws when the package is private
 * or when an export would not resolve `types` first once the source condition is gone.
 * @param {JsonObject} manifest the package's `package.json` as parsed
 * @param {ReadonlySet<string>} shippedFiles paths (relative, `/`-separated) of the files that ship
 * @returns {JsonObject}
 */
export function publishManifest(manifest, shippedFiles) {
  const name = String(manifest['name']);
  if (manifest['private'] === true) {
    throw new Error(`${name} is private ("private": true in its package.json) and is not published.`);
  }
  const { fields: overrides, rest: publishConfig } = splitPublishConfig(manifest['publishConfig']);
  /** @type {JsonObject} */
  const published = {};
  for (const [key, original] of Object.entries(manifest)) {
    if (DEVELOPMENT_FIELDS.includes(key)) continue;
    const value = key in overrides ? overrides[key] : original;
    if (isEmptyObject(value) && key in overrides) continue;
    if (key === 'exports') published[key] = withoutSourceCondition(value, name, '');
    else if (key === 'sideEffects') published[key] = shippedSideEffects(value);
    else if (key === 'scripts') {
      const scripts = consumerScripts(/** @type {Record<string, string>} */ (value), shippedFiles);
      if (Object.keys(scripts).length > 0) published[key] = scripts;
    } else if (key === 'publishConfig') {
      if (Object.keys(publishConfig).length > 0) published[key] = publishConfig;
    } else published[key] = value;
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in manifest) && !isEmptyObject(value)) published[key] = key === 'exports' ? withoutSourceCondition(value, name, '') : value;
  }
  for (const file of binFiles(published['bin'], name)) {
    if (!shippedFiles.has(file)) throw new Error(`${name}: bin ${file} is not among the files that ship; build first, or add it to "files".`);
  }
  return published;
}

/**
 * @param {unknown} value
 * @returns {boolean}
 */
function isEmptyObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * Splits `publishConfig` into the manifest fields it replaces and the registry settings it keeps.
 * @param {unknown} value
 * @returns {{ fields: JsonObject, rest: JsonObject }}
 */
function splitPublishConfig(value) {
  /** @type {JsonObject} */
  const fields = {};
  /** @type {JsonObject} */
  const rest = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { fields, rest };
  for (const [key, setting] of Object.entries(value)) {
    if (PUBLISH_OVERRIDES.includes(key)) fields[key] = setting;
    else rest[key] = setting;
  }
  return { fields, rest };
}

/**
 * The files a `bin` field names, as relative `/`-separated paths.
 * @param {unknown} bin
 * @param {string} name the package name (a string `bin` is named after it)
 * @returns {string[]}
 */
export function binFiles(bin, name) {
  if (bin === undefined) return [];
  const targets = typeof bin === 'string' ? { [name]: bin } : /** @type {Record<string, unknown>} */ (bin);
  return Object.values(targets).map((target) => String(target).replace(/^\.\//, ''));
}

/**
 * Removes the source condition from an `exports` value, recursively.
 * @param {unknown} value
 * @param {string} name package name, for error messages
 * @param {string} path the subpath being rewritten, for error messages
 * @returns {unknown}
 */
function withoutSourceCondition(value, name, path) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  /** @type {JsonObject} */
  const result = {};
  for (const [key, target] of Object.entries(value)) {
    if (key === SOURCE_CONDITION) continue;
    result[key] = withoutSourceCondition(target, name, key.startsWith('.') ? key : path);
  }
  const keys = Object.keys(result);
  const isConditions = keys.length > 0 && !keys[0].startsWith('.');
  if (isConditions && keys.includes('types') && keys[0] !== 'types') {
    throw new Error(
      `${name}: exports["${path}"] lists "${keys[0]}" before "types"; put "types" first (after ` +
        `"${SOURCE_CONDITION}") so that TypeScript finds the declarations.`,
    );
  }
  return result;
}

/**
 * Keeps the `sideEffects` entries that name built files; the `./src/` ones serve development.
 * @param {unknown} value
 * @returns {unknown}
 */
function shippedSideEffects(value) {
  if (!Array.isArray(value)) return value;
  return value.filter((entry) => !String(entry).startsWith('./src/'));
}

/**
 * Keeps the scripts a consumer can run from the installed package: those that run a shipped file
 * with plain Node (e.g. building a native addon). Scripts needing workspace tools are dropped.
 * @param {Record<string, string>} scripts
 * @param {ReadonlySet<string>} shippedFiles
 * @returns {Record<string, string>}
 */
function consumerScripts(scripts, shippedFiles) {
  /** @type {Record<string, string>} */
  const kept = {};
  for (const [name, command] of Object.entries(scripts)) {
    const match = /^node\s+(\S+)$/.exec(command.trim());
    if (match && shippedFiles.has(match[1].replace(/^\.\//, ''))) kept[name] = command;
  }
  return kept;
}
