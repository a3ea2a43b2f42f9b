// @ts-check
// The steps of a release, with nx release's programmatic API: versioning from the version plans
// (.nx/version-plans), per-package changelogs, and publishing from the build output
// (dist/<project root>). release.mjs runs them for maintainers; the registry round trip
// (tools/registry-e2e) runs the versioning and publishing ones against a throwaway registry.
import { execFile, execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ReleaseClient } from 'nx/release';
import { publishedPackages, workspaceRoot } from '../publish/packages.mjs';

/** @typedef {import('nx/release').ReleaseClient} Client */
/** @typedef {Awaited<ReturnType<Client['releaseVersion']>>['projectsVersionData']} VersionData */
/** @typedef {import('../publish/packages.mjs').PublishedPackage & { releaseVersion: string, onRegistry: boolean }} PublishCandidate */

/** nx.json's release configuration. */
export function workspaceReleaseConfig() {
  return JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8')).release;
}

/**
 * The release versions written into the publish folders only (`dist/<project root>/package.json`,
 * dependency ranges on sibling packages included), not into the sources, the lock file, git or
 * the version plans: what `npm publish` of each folder would then publish is exactly what a
 * release would. Builds the publish folders first (the release's pre-version command) unless
 * `build` is false; throws when that fails. Returns nx's version data (new version per project, `null` when unchanged).
 * @param {{ build?: boolean, verbose?: boolean }} [options]
 * @returns {Promise<VersionData>}
 */
export async function versionPublishFolders({ build = true, verbose = false } = {}) {
  const config = workspaceReleaseConfig();
  // The pre-version command run here rather than by nx release, which exits the process when it
  // fails: a caller (the registry round trip) then still stops what it started.
  if (build && config.version.preVersionCommand) {
    execSync(config.version.preVersionCommand, { cwd: workspaceRoot, stdio: 'inherit' });
  }
  const distRoots = config.version.manifestRootsToUpdate.filter((/** @type {unknown} */ root) => typeof root === 'object' && root !== null);
  if (distRoots.length === 0) throw new Error('nx.json release.version.manifestRootsToUpdate names no publish folder (dist/{projectRoot}).');
  const client = new ReleaseClient(
    {
      ...config,
      version: {
        ...config.version,
        preVersionCommand: '',
        manifestRootsToUpdate: distRoots,
        versionActionsOptions: { ...config.version.versionActionsOptions, skipLockFileUpdate: true },
      },
    },
    true,
  );
  const { projectsVersionData } = await client.releaseVersion({
    dryRun: false,
    verbose,
    gitCommit: false,
    gitTag: false,
    stageChanges: false,
    deleteVersionPlans: false,
  });
  return projectsVersionData;
}

/**
 * Every published package with the version the release gives it (new or unchanged) and whether
 * that version is already on `registry`: a release publishes those that are not (so a package
 * that was never published goes out at its current version, and an unchanged one is skipped).
 * @param {VersionData} versionData
 * @param {string} registry
 * @returns {Promise<PublishCandidate[]>}
 */
export async function publishCandidates(versionData, registry) {
  const packages = await publishedPackages();
  return Promise.all(
    packages.map(async (pkg) => {
      const releaseVersion = versionData[pkg.project]?.newVersion ?? pkg.version;
      return { ...pkg, releaseVersion, onRegistry: await isOnRegistry(pkg.name, releaseVersion, registry) };
    }),
  );
}

/**
 * Whether `name@version` exists on `registry`. A 404 is "no"; any other failure (network,
 * authentication) is an error, so that a release never guesses.
 * @param {string} name
 * @param {string} version
 * @param {string} registry
 */
export async function isOnRegistry(name, version, registry) {
  try {
    const { stdout } = await promisify(execFile)('npm', ['view', `${name}@${version}`, 'version', '--json', `--registry=${registry}`], {
      cwd: workspaceRoot,
      encoding: 'utf8',
    });
    return stdout.trim() !== '';
  } catch (error) {
    const output = `${/** @type {{ stdout?: string }} */ (error).stdout ?? ''}${/** @type {{ stderr?: string }} */ (error).stderr ?? ''}`;
    if (/E404|404 Not Found|is not in this registry/.test(output)) return false;
    throw new Error(`npm view ${name}@${version} --registry=${registry} failed:\n${output}`);
  }
}

/**
 * Publishes the publish folders of `projects` with nx release (the `nx-release-publish` target:
 * `npm publish dist/<project root>`), dependencies first. The folders must be built and
 * versioned already. Returns whether every one succeeded.
 * @param {{ projects: string[], registry: string, tag?: string, otp?: number, dryRun?: boolean, verbose?: boolean }} options
 */
export async function publishProjects({ projects, registry, tag, otp, dryRun = false, verbose = false }) {
  if (projects.length === 0) return true;
  const client = new ReleaseClient(workspaceReleaseConfig(), true);
  const results = await client.releasePublish({ projects, registry, tag, otp, dryRun, verbose, outputStyle: 'static' });
  return Object.values(results).every((result) => result.code === 0);
}
