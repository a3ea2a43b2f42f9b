import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const PACKAGES = [
  '@signflow/core',
  '@signflow/data',
  '@signflow/metrics',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
];

/** Versions of the packages that shape a result, for the record. */
export function packageVersions(extra: readonly string[] = []): Record<string, string> {
  const require = createRequire(import.meta.url);
  const versions: Record<string, string> = {};
  for (const name of [...PACKAGES, ...extra]) {
    try {
      versions[name] = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    } catch {
      versions[name] = 'unknown';
    }
  }
  return versions;
}
