import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `signflow` executable of this workspace. */
export const SIGNFLOW = fileURLToPath(new URL('../bin/signflow.mjs', import.meta.url));

/** Settings for a few-second run: a few hundred MNIST digits on the wasm backend (deterministic, and fast for small models). */
export const QUICK = ['--backbone', 'mlp', '--dataset', 'mnist', '--limit-train', '384', '--limit-test', '128', '--batch-size', '32', '--backend', 'wasm'];

/** Result of a finished CLI process. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `signflow ...args` as a child process (with extra environment variables). */
export function startCli(args: string[], cwd?: string, env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliResult>; output: () => string } {
  const child = spawn(process.execPath, [SIGNFLOW, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, output: () => stdout + stderr };
}

/** Runs `signflow ...args` to completion. */
export function runCli(args: string[], cwd?: string, env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, cwd, env).done;
}

/** Resolves when `predicate(output)` holds, polling every 20 ms. */
export async function waitFor(output: () => string, predicate: (text: string) => boolean, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!predicate(output())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
