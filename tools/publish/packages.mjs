// @ts-check
// The workspace's published packages and how to pack them from their publish folders.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import devkit from '@nx/devkit';

/** The workspace root (two levels above this file). */
export const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The Nx tag that marks a project as published. nx.json's `release.projects` selects the same
 * tag, so what the checks pack is what a release versions and publishes.
 */
export const PUBLISHED_TAG = 'scope:published';

/**
 * @typedef {object} PublishedPackage
 * @property {string} name the npm name, e.g. `@signflow/core`
 * @property {string} version the version in the project's package.json
 * @property {string} project the Nx project name, e.g. `core`
 * @property {string} projectRoot e.g. `packages/core`, `apps/trainer`
 * @property {string} publishDir absolute path of the folder it is published from
 */

/**
 * Every project of the Nx project graph tagged `scope:published` (libraries and the CLI alike,
 * wherever they live), in npm-name order. New packages count as soon as Nx sees them.
 * @returns {Promise<PublishedPackage[]>}
 */
export async function publishedPackages() {
  // The graph is computed in this process: a daemon would answer for another checkout.
  process.env['NX_DAEMON'] ??= 'false';
  const graph = await devkit.createProjectGraphAsync({ exitOnError: true });
  return Object.values(graph.nodes)
    .filter((node) => (node.data.tags ?? []).includes(PUBLISHED_TAG))
    .map((node) => {
      const projectRoot = node.data.root;
      const manifestPath = join(workspaceRoot, projectRoot, 'package.json');
      if (!existsSync(manifestPath)) throw new Error(`${node.name} is tagged ${PUBLISHED_TAG} but ${projectRoot} has no package.json.`);
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (manifest.private === true) {
        throw new Error(`${node.name} is tagged ${PUBLISHED_TAG} but ${projectRoot}/package.json says "private": true; remove one of them.`);
      }
      return {
        name: String(manifest.name),
        version: String(manifest.version),
        project: node.name,
        projectRoot,
        publishDir: join(workspaceRoot, 'dist', projectRoot),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Packs a package's publish folder (laid out by its Nx `package` target) into `destination` and
 * returns the tarball's absolute path.
 * @param {PublishedPackage} pkg
 * @param {string} destination an existing folder
 * @returns {string}
 */
export function packPublishFolder(pkg, destination) {
  if (!existsSync(join(pkg.publishDir, 'package.json'))) {
    throw new Error(`${pkg.name}: ${pkg.publishDir} has no package.json; run npx nx run ${pkg.project}:package first.`);
  }
  const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
    cwd: pkg.publishDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {{ filename: string }[]} */
  const report = JSON.parse(output);
  return join(destination, report[0].filename);
}
