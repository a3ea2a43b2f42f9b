#!/usr/bin/env node
// @ts-check
// Checks every published package the way a consumer receives it: builds the publish folders
// (`nx run-many -t package`, which builds first), packs each one with npm, and runs publint and
// Are The Types Wrong on the tarball. Any publint message (error, warning or suggestion) and any
// attw problem fails the check. The packages are ESM-only, so attw uses its `esm-only` profile
// (CommonJS `require` of an ES module is not a supported way to load them). A package with
// nothing to import (the CLI: only `bin`) has no types for attw to check; publint still checks it.
//
// Usage: node tools/check-packages.mjs [--no-build] [npm name or Nx project ...]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packPublishFolder, publishedPackages, workspaceRoot } from './publish/packages.mjs';

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const wanted = args.filter((arg) => !arg.startsWith('--'));

const all = await publishedPackages();
const unknown = wanted.filter((want) => !all.some((pkg) => pkg.name === want || pkg.project === want));
if (unknown.length > 0) {
  console.error(`check-packages: unknown package ${unknown.join(', ')}; published packages: ${all.map((pkg) => pkg.project).join(', ')}`);
  process.exit(2);
}
const packages = wanted.length === 0 ? all : all.filter((pkg) => wanted.includes(pkg.name) || wanted.includes(pkg.project));

if (build) {
  const projects = packages.map((pkg) => pkg.project).join(',');
  console.log(`check-packages: building the publish folders of ${packages.length} packages`);
  execFileSync('npx', ['nx', 'run-many', '-t', 'package', `--projects=${projects}`, '--outputStyle=static'], {
    cwd: workspaceRoot,
    stdio: 'inherit',
  });
}

const tarballDir = mkdtempSync(join(tmpdir(), 'signflow-packages-'));
const attw = join(workspaceRoot, 'node_modules', '.bin', 'attw');
/** @type {string[]} */
const failed = [];
try {
  for (const [index, pkg] of packages.entries()) {
    const tarball = packPublishFolder(pkg, tarballDir);
    console.log(`\n[${index + 1}/${packages.length}] ${pkg.name}: ${basename(tarball)}`);
    const problems = await publintProblems(tarball);
    for (const problem of problems) console.log(`  publint: ${problem}`);
    let typesOk = true;
    let typesVerdict = 'no import entry points (command only), nothing to check';
    if (hasImportEntryPoints(pkg)) {
      const types = spawnSync(attw, [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color'], {
        encoding: 'utf8',
      });
      typesOk = types.status === 0;
      typesVerdict = typesOk ? 'ok' : 'problems above';
      if (!typesOk) console.log(indent(`${types.stdout}${types.stderr}`));
    }
    console.log(`  publint: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}; attw (esm-only): ${typesVerdict}`);
    if (problems.length > 0 || !typesOk) failed.push(pkg.name);
  }
} finally {
  rmSync(tarballDir, { recursive: true, force: true });
}

if (failed.length > 0) {
  console.error(`\ncheck-packages: ${failed.length} of ${packages.length} packages have problems: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\ncheck-packages: ${packages.length} packages pass publint and attw`);

/**
 * Every publint message for a tarball, formatted.
 * @param {string} tarball
 * @returns {Promise<string[]>}
 */
async function publintProblems(tarball) {
  const data = readFileSync(tarball);
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: buffer }, level: 'suggestion', strict: true });
  return messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
}

/**
 * Whether the published manifest gives anything to import (as opposed to a `bin` only).
 * @param {import('./publish/packages.mjs').PublishedPackage} pkg
 */
function hasImportEntryPoints(pkg) {
  const manifest = JSON.parse(readFileSync(join(pkg.publishDir, 'package.json'), 'utf8'));
  return ['exports', 'main', 'module', 'types', 'typings'].some((field) => manifest[field] !== undefined);
}

/** @param {string} text */
function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
