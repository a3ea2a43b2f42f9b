import type { StopSignal } from '../run/run-context.js';

/** Resolves once a stop is requested (Ctrl-C, SIGTERM), or `until` holds. */
export async function untilStopped(stop: StopSignal, until: () => boolean = () => false): Promise<void> {
  while (!stop.requested && !until()) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Sleeps `ms`, or less when a stop is requested or `until` holds meanwhile. */
export async function sleepUnlessStopped(ms: number, stop: StopSignal, until: () => boolean = () => false): Promise<void> {
  const end = Date.now() + ms;
  await untilStopped(stop, () => until() || Date.now() >= end);
}
