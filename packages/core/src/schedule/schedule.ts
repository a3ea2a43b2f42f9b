/**
 * How a hyper-parameter evolves over training, as a function of progress p = e / E ∈ [0, 1]
 * (e: 0-based epoch or step index, E: total epochs or steps).
 *
 * - `fixed`:  value
 * - `linear`: from + (to − from) · p
 * - `cosine`: from + (to − from) · (1 − cos(p · π/2))   — the ReSTE authors' schedule ("slow start, fast end")
 * - `power`:  from + (to − from) · p^power               — `power` defaults to 2
 * - `exp`:    from · (to / from)^p                       — log-linear, as IR-Net's and RBNN's `Log_UP`
 *
 * The ReSTE paper's appendix compares linear, cosine and "power" shapes without giving the power
 * formula; `power` and `exp` above are the two plausible readings, both selectable.
 */
export type ScheduleSpec =
  | { kind: 'fixed'; value: number }
  | { kind: 'linear' | 'cosine' | 'power' | 'exp'; from: number; to: number; power?: number };

/** The schedule kinds, in the order they are documented. */
export const SCHEDULE_KINDS = ['fixed', 'linear', 'cosine', 'power', 'exp'] as const;

/** One of {@link SCHEDULE_KINDS}. */
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** The default exponent of the `power` schedule. */
export const DEFAULT_SCHEDULE_POWER = 2;

/** Thrown for a malformed schedule; the message names the field, the value and the allowed range. */
export class ScheduleError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/**
 * Checks that `spec` is a well-formed schedule and returns it typed. Throws {@link ScheduleError}
 * naming the bad field otherwise.
 */
export function validateSchedule(spec: unknown): ScheduleSpec {
  if (typeof spec !== 'object' || spec === null) {
    throw new ScheduleError(`A schedule must be an object such as { kind: 'cosine', from: 1, to: 3 }, got ${String(spec)}.`);
  }
  const s = spec as Record<string, unknown>;
  const kind = s.kind;
  if (!SCHEDULE_KINDS.includes(kind as ScheduleKind)) {
    throw new ScheduleError(`Unknown schedule kind '${String(kind)}'; known kinds: ${SCHEDULE_KINDS.join(', ')}.`);
  }
  const finite = (field: string): number => {
    const v = s[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ScheduleError(`Schedule '${String(kind)}': ${field} = ${String(v)} must be a finite number.`);
    }
    return v;
  };
  if (kind === 'fixed') {
    checkKeys(s, ['kind', 'value']);
    return { kind, value: finite('value') };
  }
  checkKeys(s, ['kind', 'from', 'to', 'power']);
  const from = finite('from');
  const to = finite('to');
  if (kind === 'power') {
    const power = s.power === undefined ? DEFAULT_SCHEDULE_POWER : finite('power');
    if (power <= 0) throw new ScheduleError(`Schedule 'power': power = ${power} must be > 0.`);
    return { kind, from, to, power };
  }
  if (s.power !== undefined) {
    throw new ScheduleError(`Schedule '${String(kind)}' takes no 'power' (only 'power' schedules do).`);
  }
  if (kind === 'exp' && !(from > 0 && to > 0)) {
    throw new ScheduleError(`Schedule 'exp': from = ${from} and to = ${to} must both be > 0 (it interpolates log-linearly).`);
  }
  return { kind: kind as 'linear' | 'cosine' | 'exp', from, to };
}

function checkKeys(s: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(s)) {
    if (!allowed.includes(key)) {
      throw new ScheduleError(`Schedule '${String(s.kind)}': unknown field '${key}'; allowed: ${allowed.join(', ')}.`);
    }
  }
}

/** The schedule's value at `progress` ∈ [0, 1]. */
export function scheduleValue(spec: ScheduleSpec, progress: number): number {
  if (!(progress >= 0 && progress <= 1)) {
    throw new ScheduleError(`Schedule progress = ${String(progress)} must lie in [0, 1] (epoch / total epochs).`);
  }
  switch (spec.kind) {
    case 'fixed':
      return spec.value;
    case 'linear':
      return spec.from + (spec.to - spec.from) * progress;
    case 'cosine':
      return spec.from + (spec.to - spec.from) * (1 - Math.cos((progress * Math.PI) / 2));
    case 'power':
      return spec.from + (spec.to - spec.from) * progress ** (spec.power ?? DEFAULT_SCHEDULE_POWER);
    case 'exp':
      return spec.from * (spec.to / spec.from) ** progress;
    default:
      throw new ScheduleError(`Unknown schedule kind '${(spec as { kind: string }).kind}'; known kinds: ${SCHEDULE_KINDS.join(', ')}.`);
  }
}

/** The smallest and largest values the schedule takes on [0, 1] (all kinds are monotone). */
export function scheduleRange(spec: ScheduleSpec): { start: number; end: number } {
  return spec.kind === 'fixed' ? { start: spec.value, end: spec.value } : { start: spec.from, end: spec.to };
}

/** Parts of a schedule to change, as {@link patchSchedule} applies them. */
export interface SchedulePatch {
  readonly kind?: ScheduleKind;
  readonly from?: number;
  readonly to?: number;
  readonly power?: number;
}

/**
 * `base` with some of its parts replaced: a new shape keeps the start and end values (a `fixed`
 * schedule's value is both), and a `fixed` result holds the end value from the start (the ReSTE
 * appendix's "fixed" strategy: o = o_end throughout). Throws {@link ScheduleError} when the result
 * is malformed, e.g. a `power` exponent on another shape.
 */
export function patchSchedule(base: ScheduleSpec, patch: SchedulePatch): ScheduleSpec {
  const { start, end } = scheduleRange(base);
  const kind = patch.kind ?? base.kind;
  const to = patch.to ?? end;
  if (kind === 'fixed') {
    if (patch.power !== undefined) throw new ScheduleError(`Schedule 'fixed' takes no 'power' (only 'power' schedules do).`);
    return validateSchedule({ kind, value: to });
  }
  const power = patch.power ?? (base.kind === 'power' ? base.power : undefined);
  return validateSchedule({ kind, from: patch.from ?? start, to, ...(power === undefined ? {} : { power }) });
}

/**
 * Parses the command-line form of a schedule: `fixed:VALUE`, `KIND:FROM:TO` for linear, cosine
 * and exp, `power:FROM:TO[:POWER]`. Throws {@link ScheduleError} naming the expected form.
 */
export function parseSchedule(text: string): ScheduleSpec {
  const [kind, ...rest] = text.split(':');
  const numbers = rest.map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  const form = 'fixed:VALUE, linear|cosine|exp:FROM:TO or power:FROM:TO[:POWER]';
  if (numbers.some((n) => !Number.isFinite(n))) throw new ScheduleError(`'${text}' is not a schedule: expected ${form} with numbers.`);
  if (kind === 'fixed' && numbers.length === 1) return validateSchedule({ kind, value: numbers[0] });
  if (kind === 'power' && (numbers.length === 2 || numbers.length === 3)) {
    return validateSchedule({ kind, from: numbers[0], to: numbers[1], ...(numbers.length === 3 ? { power: numbers[2] } : {}) });
  }
  if ((kind === 'linear' || kind === 'cosine' || kind === 'exp') && numbers.length === 2) return validateSchedule({ kind, from: numbers[0], to: numbers[1] });
  throw new ScheduleError(`'${text}' is not a schedule: expected ${form}.`);
}
