import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resetFaultInjection } from '@signflow/durable';
import { vi } from 'vitest';
import { main } from '../src/main.js';
import { filesUnder } from './fault-points.js';

/** What `signflow` printed and returned when run in this process. */
export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `signflow ...argv` in this process (fast; for commands that do not need a fresh process). */
export async function signflow(argv: string[], env: Record<string, string> = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  resetFaultInjection(); // the plan is read once per process: read this command's
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetFaultInjection();
  }
}

/** Every file under `dir` with a digest of its content: equal snapshots mean nothing was written. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).sort().map((p) => [p, createHash('sha256').update(readFileSync(join(dir, p))).digest('hex')]));
}
