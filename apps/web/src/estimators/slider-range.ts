import type { HyperSpec } from '@signflow/core';

/** The range and step of a hyper-parameter's slider. */
export interface SliderRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/**
 * Upper ends of sliders where the hyper-parameter's spec has none: the ranges the papers explore
 * (ReSTE's o up to 10, thresholds of a few units, EDE/RBNN's t up to their schedules' end of 10).
 */
const MAXIMA: Readonly<Record<string, number>> = {
  'reste.o': 10,
  'reste.t': 3,
  'reste.m': 1,
  'ste.clip': 3,
  'ede.t': 10,
  'ede.k': 10,
  'rbnn.t': 10,
  'rbnn.k': 100,
  'dsq.alpha': 1,
  'fda.n': 20,
  'fda.T': 20,
};

/**
 * The slider of hyper-parameter `name` of estimator `id`: from the spec's minimum (a step above it
 * when exclusive) to its maximum, or the table above, or four times the current value (at least 10).
 */
export function sliderRange(id: string, name: string, spec: HyperSpec, current: number): SliderRange {
  const low = spec.min ?? 0;
  const high = spec.max ?? MAXIMA[`${id}.${name}`] ?? Math.max(10, 4 * Math.abs(current));
  if (spec.integer) return { min: spec.minExclusive ? Math.floor(low) + 1 : Math.ceil(low), max: Math.floor(high), step: 1 };
  // About 1000 steps, rounded to a power of ten so that values such as 0.5 and 3 are reachable.
  const step = 10 ** Math.floor(Math.log10((high - low) / 1000));
  return { min: spec.minExclusive ? low + step : low, max: high, step };
}
