import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The most JavaScript the page may ship, gzip-compressed, every page's code and TensorFlow.js included. */
export const JS_BUDGET_GZIP_BYTES = 1_500_000;

/** One shipped script and its sizes. */
export interface ChunkWeight {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** The sizes of every script of the built page (gzip at level 9, as a static host precompresses). */
export function bundleWeight(distDir = fileURLToPath(new URL('../dist/', import.meta.url))): { chunks: ChunkWeight[]; bytes: number; gzipBytes: number } {
  const assets = join(distDir, 'assets');
  const chunks = readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const content = readFileSync(join(assets, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { chunks, bytes: chunks.reduce((s, c) => s + c.bytes, 0), gzipBytes: chunks.reduce((s, c) => s + c.gzipBytes, 0) };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { chunks, bytes, gzipBytes } = bundleWeight();
  for (const c of chunks) console.log(`${c.file.padEnd(40)} ${kB(c.bytes).padStart(10)} ${kB(c.gzipBytes).padStart(10)} gzip`);
  console.log(`${'total'.padEnd(40)} ${kB(bytes).padStart(10)} ${kB(gzipBytes).padStart(10)} gzip (budget ${kB(JS_BUDGET_GZIP_BYTES)})`);
  process.exitCode = gzipBytes <= JS_BUDGET_GZIP_BYTES ? 0 : 1;
}
