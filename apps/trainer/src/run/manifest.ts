import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '@signflow/durable';

/** The manifest of a folder of files that belong together (a checkpoint, a best model). */
export const MANIFEST_FILE = 'manifest.json';

interface Manifest {
  readonly version: 1;
  /** Size in bytes and SHA-256 of each file, by name. */
  readonly files: Readonly<Record<string, { readonly size: number; readonly sha256: string }>>;
}

/**
 * Writes the manifest of `files` in `dir`, read back from disk: written last, it marks the folder
 * complete, and its sizes and digests let a reader tell a damaged file from a good one.
 */
export function writeManifest(dir: string, files: readonly string[]): void {
  const entries = Object.fromEntries(files.map((name) => [name, describe(join(dir, name))]));
  const manifest: Manifest = { version: 1, files: entries };
  writeFileDurable(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * Checks a folder against its manifest: null when every file it names is there with its size and
 * digest and every `required` file is named; otherwise what is wrong, for people.
 */
export function manifestProblem(dir: string, required: readonly string[]): string | null {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `it has no ${MANIFEST_FILE} (it was being written when the run stopped)` : `its ${MANIFEST_FILE} is unreadable (${(error as Error).message})`;
  }
  if (manifest.version !== 1 || typeof manifest.files !== 'object' || manifest.files === null) return `its ${MANIFEST_FILE} is not a signflow manifest`;
  for (const name of required) if (!(name in manifest.files)) return `its ${MANIFEST_FILE} does not list ${name}`;
  for (const [name, expected] of Object.entries(manifest.files)) {
    let actual;
    try {
      actual = describe(join(dir, name));
    } catch {
      return `${name} is missing`;
    }
    if (actual.size !== expected.size) return `${name} holds ${actual.size} bytes, ${expected.size} expected`;
    if (actual.sha256 !== expected.sha256) return `${name} does not match its SHA-256 (the file is damaged)`;
  }
  return null;
}

function describe(path: string): { size: number; sha256: string } {
  const bytes = readFileSync(path);
  return { size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}
