/**
 * Test-only fault injection for worker processes. With `SIGNFLOW_FAULT_KILL_AFTER_STEPS=N` in its
 * environment, a worker sends itself SIGKILL right after its N-th training step (counted over all
 * the cells the process trains): exactly what `kill -9` does, at a point of the cell known in
 * advance, so a test of stalled-job recovery needs no sleep that races the training. Without the
 * variable nothing happens. It is read once, when the worker starts.
 */
export const FAULT_KILL_AFTER_STEPS_ENV = 'SIGNFLOW_FAULT_KILL_AFTER_STEPS';

/** Counts training steps and kills the process at the configured one. */
export class StepKillSwitch {
  private steps = 0;

  constructor(private readonly killAfter: number | undefined) {}

  /** The switch the environment asks for (none when the variable is unset or not a positive integer). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): StepKillSwitch {
    const value = Number(env[FAULT_KILL_AFTER_STEPS_ENV]);
    return new StepKillSwitch(Number.isInteger(value) && value > 0 ? value : undefined);
  }

  /** Called after every training step of this process. */
  stepDone(): void {
    this.steps++;
    if (this.steps === this.killAfter) process.kill(process.pid, 'SIGKILL');
  }
}
