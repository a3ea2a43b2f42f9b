#!/usr/bin/env node
// @ts-check
// Lays out the folder a package is published from: `dist/<project root>` at the workspace root,
// holding exactly the files npm would pack from the project (its `files` field decides) and the
// manifest rewritten for consumers (see publish-manifest.mjs). `nx release publish` publishes that
// folder (nx.json: `packageRoot`), and tools/check-packages.mjs packs and checks it.
//
// Usage, from a project folder (the Nx `package` target does this after `build`):
//   node ../../tools/publish/prepare-package.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binFiles, publishManifest, SOURCE_CONDITION } from './publish-manifest.mjs';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
const projectDir = process.cwd();
const projectRoot = relative(workspaceRoot, projectDir).split(sep).join('/');
const outDir = join(workspaceRoot, 'dist', projectRoot);

/** @param {string} message */
function fail(message) {
  console.error(`prepare-package (${projectRoot}): ${message}`);
  process.exit(1);
}

if (projectRoot === '' || projectRoot.startsWith('..')) {
  fail(`run this from a package folder inside ${workspaceRoot}, not from ${projectDir}.`);
}
const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8'));

for (const target of exportTargets(manifest['exports'])) {
  if (!existsSync(join(projectDir, target))) {
    fail(`${target} (named in exports) does not exist; build first: npx nx run ${projectRoot.split('/').pop()}:build`);
  }
}

// A plain path in `files` names something the package must ship (the native addon's prebuilt
// binary, say): npm would silently pack the tarball without it.
for (const entry of Array.isArray(manifest['files']) ? manifest['files'] : []) {
  const path = String(entry);
  if (!path.startsWith('!') && !/[*?{[]/.test(path) && !existsSync(join(projectDir, path))) {
    fail(`${path} (named in "files") does not exist; the package's build targets make it (npx nx run ${projectRoot.split('/').pop()}:package runs them).`);
  }
}

const packed = packedFiles();
const published = publishManifest(manifest, new Set(packed));
// npm packs every file the development `bin` names, whatever `files` says; one that the
// published manifest replaces (publishConfig.bin) is of no use to a consumer.
const replacedBins = new Set(binFiles(manifest['bin'], String(manifest['name'])));
for (const file of binFiles(published['bin'], String(published['name']))) replacedBins.delete(file);
const shipped = packed.filter((file) => !replacedBins.has(file));

// Build the folder beside its final place, then swap it in, so that a failure never leaves a
// half-written package where the publisher looks.
const tempDir = `${outDir}.tmp-${process.pid}`;
rmSync(tempDir, { recursive: true, force: true });
for (const file of shipped) {
  if (file === 'package.json') continue;
  mkdirSync(dirname(join(tempDir, file)), { recursive: true });
  copyFileSync(join(projectDir, file), join(tempDir, file));
}
writeFileSync(join(tempDir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
// The licence text travels with every package; a package folder may carry its own.
const licence = join(workspaceRoot, 'LICENSE');
if (existsSync(licence) && !shipped.some((file) => /^licen[cs]e(\.|$)/i.test(file))) copyFileSync(licence, join(tempDir, 'LICENSE'));
rmSync(outDir, { recursive: true, force: true });
mkdirSync(dirname(outDir), { recursive: true });
renameSync(tempDir, outDir);
console.log(`prepare-package: ${published['name']}@${published['version']} -> ${relative(workspaceRoot, outDir)} (${shipped.length} files)`);

/**
 * The files an `exports` value points at, other than through the source condition.
 * @param {unknown} value
 * @returns {string[]}
 */
function exportTargets(value) {
  if (typeof value === 'string') return value.includes('*') ? [] : [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, target]) => (key === SOURCE_CONDITION ? [] : exportTargets(target)));
}

/**
 * What `npm pack` would put in the tarball from the project folder, as relative paths.
 * @returns {string[]}
 */
function packedFiles() {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: projectDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {{ files: { path: string }[] }[]} */
  const report = JSON.parse(output);
  return report[0].files.map((file) => file.path);
}
