import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `signflow worker --concurrency N` with N > 1: N worker processes, each taking one cell at a
 * time. A cell trains in one JavaScript thread and tfjs keeps one engine per process, so cells
 * share a machine's cores only as separate processes; each child is a complete BullMQ worker with
 * its own lock renewal and stalled-job checks, and a child that dies loses only its own cell.
 * Ctrl-C or SIGTERM here is passed on as SIGTERM (one stop request, whatever reached the children
 * already), and every child checkpoints its cell and puts it back in the queue.
 */
export async function runWorkerProcesses(count: number, argv: readonly string[], say: (line: string) => void): Promise<number> {
  const script = process.argv[1];
  const children: ChildProcess[] = [];
  const exits: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [...process.execArgv, script, 'worker', ...argv, '--concurrency', '1'], { stdio: 'inherit' });
    children.push(child);
    exits.push(
      new Promise((resolve) =>
        child.on('exit', (code, signal) => {
          if (code !== 0) say(`Worker process ${child.pid} ended ${signal === null ? `with code ${code}` : `by ${signal}`}.`);
          resolve(code ?? 1);
        }),
      ),
    );
  }
  const stop = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const codes = await Promise.all(exits);
    return codes.find((code) => code !== 0) ?? 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
