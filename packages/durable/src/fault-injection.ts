import { appendFileSync } from 'node:fs';

/**
 * Deterministic fault injection for crash tests. Every durable write passes named *points*
 * (a temporary file written but not yet renamed, a rename done, half of an append on disk, …),
 * counted from 1 in the order the process reaches them; a training loop also marks each step it
 * finishes (`stepFaultPoint`), counted apart. Two environment variables, read once:
 *
 * - `SIGNFLOW_FAULT=kill@N` kills the process with SIGKILL at write point N, exactly as a power cut
 *   or `kill -9` would at that instant; `SIGNFLOW_FAULT=enospc@N` makes the write at point N fail
 *   as a full disk does (an `ENOSPC` error); `SIGNFLOW_FAULT=kill@step:N` kills the process right
 *   after its N-th training step (counted over every run the process trains).
 * - `SIGNFLOW_FAULT_TRACE=FILE` appends `N description` for every write point reached, so that a
 *   test can first count the points of a run, then kill a run at each of them in turn.
 *
 * Unset, each point costs one integer increment. Nothing else in signflow reads these variables.
 */

/** What happens at the chosen point. */
export type FaultKind = 'kill' | 'enospc';

interface FaultPlan {
  readonly kind: FaultKind;
  /** Which points are counted: durable writes, or finished training steps. */
  readonly points: 'write' | 'step';
  readonly at: number;
}

let reached = 0;
let stepsReached = 0;
let plan: FaultPlan | null | undefined;
let trace: string | null | undefined;

function parsePlan(text: string | undefined): FaultPlan | null {
  if (text === undefined || text === '') return null;
  const match = /^(?:(kill|enospc)@|kill@(step):)([1-9][0-9]*)$/.exec(text);
  if (match === null) throw new Error(`SIGNFLOW_FAULT=${text} is not a fault plan: expected kill@N, enospc@N or kill@step:N with N >= 1.`);
  return match[2] === 'step' ? { kind: 'kill', points: 'step', at: Number(match[3]) } : { kind: match[1] as FaultKind, points: 'write', at: Number(match[3]) };
}

function currentPlan(): FaultPlan | null {
  plan ??= parsePlan(process.env['SIGNFLOW_FAULT']);
  return plan;
}

/**
 * Marks one fault point. Called by the durable-write functions of this package; `description`
 * says what is on disk at this point (for the trace).
 */
export function faultPoint(description: string, path: string): void {
  const active = currentPlan();
  trace ??= process.env['SIGNFLOW_FAULT_TRACE'] || null;
  reached += 1;
  if (trace !== null) appendFileSync(trace, `${reached} ${description} ${path}\n`);
  if (active === null || active.points !== 'write' || active.at !== reached) return;
  if (active.kind === 'kill') process.kill(process.pid, 'SIGKILL');
  throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', errno: -28, syscall: 'write', path });
}

/**
 * Marks the end of one training step: under `SIGNFLOW_FAULT=kill@step:N` the process kills itself
 * with SIGKILL after its N-th, at a point of a run known in advance, so that a test of recovery
 * from a killed worker needs no sleep that races the training.
 */
export function stepFaultPoint(): void {
  const active = currentPlan();
  stepsReached += 1;
  if (active !== null && active.points === 'step' && active.at === stepsReached) process.kill(process.pid, 'SIGKILL');
}

/** The number of write and step points this process has reached (for tests). */
export function faultPointsReached(): { readonly writes: number; readonly steps: number } {
  return { writes: reached, steps: stepsReached };
}

/** Forgets the plan, the trace file and the counts, so that a test can set new variables. */
export function resetFaultInjection(): void {
  reached = 0;
  stepsReached = 0;
  plan = undefined;
  trace = undefined;
}
