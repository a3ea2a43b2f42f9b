import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { incompatibleCoreLine, releaseLine } from '../install/core-compatibility.js';

const CORE = '@signflow/core';

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/**
 * Refuses a plugin package built against another major version of `@signflow/core` than the
 * one this command runs, naming both. The plugin's declared range (a peer dependency, else a
 * dependency) says what it was built for; a plugin that declares none is not checked. The
 * registry lives on `globalThis`, so a plugin with its own nested copy of an old core would
 * still register into this one, and fail later in ways that name neither version.
 */
export function checkCoreCompatibility(name: string, entryFile: string, installedCore: string = installedCoreVersion()): void {
  const manifestPath = packageManifestOf(entryFile);
  if (manifestPath === null) return;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const range = manifest.peerDependencies?.[CORE] ?? manifest.dependencies?.[CORE];
  if (range === undefined) return;
  let wanted: string | null;
  try {
    wanted = incompatibleCoreLine(range, installedCore);
  } catch {
    throw new UsageError(`The plugin package '${name}' declares "${CORE}": "${range}", which is not a semver range; its author must fix its package.json.`);
  }
  if (wanted === null) return;
  const label = manifest.version === undefined ? `'${name}'` : `'${name}' ${manifest.version}`;
  throw new UsageError(
    `The plugin package ${label} is built for ${CORE} ${wanted} (it declares "${CORE}": "${range}"), but this signflow runs ${CORE} ${installedCore} (${releaseLine(installedCore)}). ` +
      `Install a version of '${name}' built for ${CORE} ${releaseLine(installedCore)}, or a signflow whose ${CORE} is ${wanted}.`,
  );
}

/** The version of `@signflow/core` this command imports. */
export function installedCoreVersion(): string {
  const manifest = createRequire(import.meta.url).resolve(`${CORE}/package.json`);
  return String((JSON.parse(readFileSync(manifest, 'utf8')) as Manifest).version);
}

/**
 * The manifest of the package that holds a module file: the nearest package.json above it that
 * has a name (a nameless one, such as `dist/package.json` holding only `"type"`, is skipped).
 */
function packageManifestOf(file: string): string | null {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && typeof (JSON.parse(readFileSync(candidate, 'utf8')) as Manifest).name === 'string') return candidate;
    if (dirname(dir) === dir) return null;
  }
}
