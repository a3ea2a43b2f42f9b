import { estimatorPlugins, patchSchedule, SCHEDULE_KINDS, type EstimatorPlugin, type ScheduleKind, type SchedulePatch, type ScheduleSetting, type ScheduleSpec } from '@signflow/core';
import { UsageError } from '../errors.js';

/**
 * Run settings that estimator plugins declare (`EstimatorPlugin.settings`, e.g. ReSTE's `oEnd`),
 * as they reach the configuration from flags, config files and grid axes. Nothing here knows a
 * plugin's hyper-parameters: each setting says which part of which schedule it sets.
 */

/** Every setting a registered plugin declares, by key, with the ids of the plugins declaring it. */
export function declaredSettings(): Map<string, { readonly setting: ScheduleSetting; readonly plugins: string[] }> {
  const found = new Map<string, { setting: ScheduleSetting; plugins: string[] }>();
  for (const plugin of estimatorPlugins()) {
    for (const setting of plugin.settings ?? []) {
      const entry = found.get(setting.key) ?? { setting, plugins: [] };
      entry.plugins.push(plugin.id);
      found.set(setting.key, entry);
    }
  }
  return found;
}

/**
 * Splits the plugin settings out of a given configuration: those `plugin` declares are returned
 * in `values`; one that only other plugins declare is an error naming them, or, when `lenient`,
 * is dropped (a grid's shared settings apply to the cells whose estimator declares them).
 */
export function takePluginSettings(
  given: Readonly<Record<string, unknown>>,
  plugin: EstimatorPlugin,
  lenient: boolean,
): { values: Record<string, unknown>; rest: Record<string, unknown> } {
  const own = new Set((plugin.settings ?? []).map((s) => s.key));
  const declared = declaredSettings();
  const values: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (own.has(key)) values[key] = value;
    else if (declared.has(key)) {
      const entry = declared.get(key);
      if (!lenient && value !== undefined && entry !== undefined) {
        const { setting, plugins } = entry;
        throw new UsageError(
          `${key} (--${setting.flag}) is a setting of the estimator${plugins.length > 1 ? 's' : ''} ${plugins.join(', ')}, but this run uses '${plugin.id}'. ` +
            `Drop it, or choose ${plugins.length > 1 ? 'one of them' : `'${plugins[0]}'`} with --estimator.`,
        );
      }
    } else rest[key] = value;
  }
  return { values, rest };
}

/**
 * The schedules a run applies: the plugin's defaults, replaced by the user's `schedules`, with the
 * plugin's settings applied to them; hyper-parameters fixed in the estimator config keep their
 * value and have no schedule. `lenient` ignores a `power` setting on a schedule that is not a power.
 */
export function resolveSchedules(
  plugin: EstimatorPlugin,
  estimatorConfig: Readonly<Record<string, unknown>>,
  userSchedules: Readonly<Record<string, ScheduleSpec>>,
  settingValues: Readonly<Record<string, unknown>>,
  lenient = false,
): Record<string, ScheduleSpec> {
  for (const hyper of Object.keys(userSchedules)) {
    if (hyper in estimatorConfig) {
      throw new UsageError(`'${hyper}' is both fixed in the estimator config (--hyper) and scheduled (--schedule); give one of them.`);
    }
  }
  const schedules: Record<string, ScheduleSpec> = {};
  for (const { hyper, schedule } of plugin.defaultSchedules ?? []) if (!(hyper in estimatorConfig)) schedules[hyper] = schedule;
  Object.assign(schedules, userSchedules);
  const patches = new Map<string, SchedulePatch>();
  for (const setting of plugin.settings ?? []) {
    const value = settingValues[setting.key];
    if (value === undefined) continue;
    patches.set(setting.hyper, { ...patches.get(setting.hyper), [setting.part]: settingValue(setting, value) });
  }
  for (const [hyper, given] of patches) {
    const base = schedules[hyper];
    // Older run configs carried a power exponent for every shape; only a power schedule has one.
    const patch = lenient && (given.kind ?? base?.kind) !== 'power' ? { ...given, power: undefined } : given;
    if (base === undefined) {
      const names = givenFlags(plugin, hyper, settingValues);
      throw new UsageError(`${names} set${names.includes(',') ? '' : 's'} the schedule of '${hyper}', which the estimator config fixes; drop one of them.`);
    }
    try {
      schedules[hyper] = patchSchedule(base, patch);
    } catch (error) {
      throw new UsageError(`The schedule of '${hyper}' from ${givenFlags(plugin, hyper, settingValues)} is invalid: ${(error as Error).message}`);
    }
  }
  return schedules;
}

function settingValue(setting: ScheduleSetting, value: unknown): ScheduleKind | number {
  if (setting.part === 'kind') {
    if (!SCHEDULE_KINDS.includes(value as ScheduleKind)) {
      throw new UsageError(`${setting.key} (--${setting.flag}): must be one of ${SCHEDULE_KINDS.join(', ')} (got ${JSON.stringify(value)}).`);
    }
    return value as ScheduleKind;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new UsageError(`${setting.key} (--${setting.flag}): must be a finite number (got ${JSON.stringify(value)}).`);
  }
  return value;
}

function givenFlags(plugin: EstimatorPlugin, hyper: string, settingValues: Readonly<Record<string, unknown>>): string {
  return (plugin.settings ?? [])
    .filter((s) => s.hyper === hyper && settingValues[s.key] !== undefined)
    .map((s) => `--${s.flag}`)
    .join(', ');
}
