import { appendFileSync } from 'node:fs';

/**
 * Deterministic fault injection for crash tests. Every durable write passes named *points*
 * (a temporary file written but not yet renamed, a rename done, half of an append on disk, …),
 * counted from 1 in the order the process reaches them. Two environment variables, read once:
 *
 * - `SIGNFLOW_FAULT=kill@N` kills the process with SIGKILL at point N, exactly as a power cut or
 *   `kill -9` would at that instant; `SIGNFLOW_FAULT=enospc@N` makes the write at point N fail as
 *   a full disk does (an `ENOSPC` error).
 * - `SIGNFLOW_FAULT_TRACE=FILE` appends `N description` for every point reached, so that a test
 *   can first count the points of a run, then kill a run at each of them in turn.
 *
 * Unset, each point costs one integer increment. Nothing else in signflow reads these variables.
 */

/** What happens at the chosen point. */
export type FaultKind = 'kill' | 'enospc';

interface FaultPlan {
  readonly kind: FaultKind;
  readonly at: number;
}

let reached = 0;
let plan: FaultPlan | null | undefined;
let trace: string | null | undefined;

function parsePlan(text: string | undefined): FaultPlan | null {
  if (text === undefined || text === '') return null;
  const match = /^(kill|enospc)@([1-9][0-9]*)$/.exec(text);
  if (match === null) throw new Error(`SIGNFLOW_FAULT=${text} is not a fault plan: expected kill@N or enospc@N with N >= 1.`);
  return { kind: match[1] as FaultKind, at: Number(match[2]) };
}

/**
 * Marks one fault point. Called by the durable-write functions of this package; `description`
 * says what is on disk at this point (for the trace).
 */
export function faultPoint(description: string, path: string): void {
  plan ??= parsePlan(process.env['SIGNFLOW_FAULT']);
  trace ??= process.env['SIGNFLOW_FAULT_TRACE'] || null;
  reached += 1;
  if (trace !== null) appendFileSync(trace, `${reached} ${description} ${path}\n`);
  if (plan === null || plan.at !== reached) return;
  if (plan.kind === 'kill') process.kill(process.pid, 'SIGKILL');
  throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', errno: -28, syscall: 'write', path });
}

/** The number of fault points this process has reached (for tests of this package). */
export function faultPointsReached(): number {
  return reached;
}

/** Forgets the plan, the trace file and the count, so that a test can set new variables. */
export function resetFaultInjection(): void {
  reached = 0;
  plan = undefined;
  trace = undefined;
}
