// @ts-check
// The workspace's published packages and how to pack them from their publish folders.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root (two levels above this file). */
export const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @typedef {object} PublishedPackage
 * @property {string} name the npm name, e.g. `@signflow/core`
 * @property {string} project the Nx project name, e.g. `core`
 * @property {string} projectRoot e.g. `packages/core`
 * @property {string} publishDir absolute path of the folder it is published from
 */

/**
 * Every non-private package under `packages/`, in name order.
 * @returns {PublishedPackage[]}
 */
export function publishedPackages() {
  const packagesDir = join(workspaceRoot, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'project.json')))
    .map((entry) => {
      const projectRoot = `packages/${entry.name}`;
      const manifest = JSON.parse(readFileSync(join(workspaceRoot, projectRoot, 'package.json'), 'utf8'));
      const project = JSON.parse(readFileSync(join(workspaceRoot, projectRoot, 'project.json'), 'utf8'));
      return { manifest, project, projectRoot };
    })
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ manifest, project, projectRoot }) => ({
      name: String(manifest.name),
      project: String(project.name),
      projectRoot,
      publishDir: join(workspaceRoot, 'dist', projectRoot),
    }))
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
