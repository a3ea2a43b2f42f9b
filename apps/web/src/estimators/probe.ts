import type { EstimatorCurvePoint } from '@signflow/metrics/specs';

/** The plotted sample nearest to `x` (the curves are sampled every 0.01 on [−2, 2], so 0.5 is a sample). */
export function sampleAt(points: readonly EstimatorCurvePoint[], x: number): EstimatorCurvePoint | undefined {
  let best: EstimatorCurvePoint | undefined;
  for (const p of points) if (best === undefined || Math.abs(p.x - x) < Math.abs(best.x - x)) best = p;
  return best;
}
