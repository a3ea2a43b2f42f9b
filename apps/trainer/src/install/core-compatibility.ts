import semver from 'semver';

/**
 * The release line a version belongs to, as npm's caret ranges see it: `2.x` from 1.0.0 on,
 * `0.3.x` below (in 0.y.z the minor is the breaking part), `0.0.4` below 0.1.0.
 */
export function releaseLine(version: string): string {
  const v = semver.parse(version);
  if (v === null) throw new Error(`'${version}' is not a semantic version`);
  if (v.major > 0) return `${v.major}.x`;
  if (v.minor > 0) return `0.${v.minor}.x`;
  return `0.0.${v.patch}`;
}

/**
 * Whether a plugin that declares `range` for `@signflow/core` can run with the installed core
 * `installed`: the installed version satisfies the range, or it is on the same release line as
 * the lowest version the range admits (a plugin pinned to 1.2.0 runs with core 1.4.0, which
 * breaks nothing it uses). Returns the plugin's line when it cannot, `null` when it can.
 * Throws on a range that is not semver (the caller reports it).
 */
export function incompatibleCoreLine(range: string, installed: string): string | null {
  const lowest = semver.validRange(range) === null ? null : semver.minVersion(range);
  if (lowest === null) throw new Error(`'${range}' is not a semver range`);
  if (semver.satisfies(installed, range, { includePrerelease: true })) return null;
  const wanted = releaseLine(lowest.version);
  return wanted === releaseLine(installed) ? null : wanted;
}
