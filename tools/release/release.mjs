#!/usr/bin/env node
// @ts-check
// `npm run release`: versions the published packages from the version plans, writes their
// changelogs, commits and tags, and publishes every published package whose version is not on
// the registry yet (docs/releasing.md). With --dry-run nothing is written, committed or
// published: it prints the version and changelog changes and what would be published, with npm's
// own dry-run of each package.
//
// Usage: npm run release -- [--dry-run] [--yes] [--skip-publish] [--registry URL] [--tag TAG]
//                           [--otp CODE] [--verbose]
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ReleaseClient } from 'nx/release';
import { publishCandidates, publishProjects, versionPublishFolders, workspaceReleaseConfig } from './release-steps.mjs';

const { values: args } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', short: 'd', default: false },
    yes: { type: 'boolean', short: 'y', default: false },
    'skip-publish': { type: 'boolean', default: false },
    registry: { type: 'string', default: 'https://registry.npmjs.org/' },
    tag: { type: 'string', default: 'latest' },
    otp: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});
const dryRun = args['dry-run'] === true;
const verbose = args.verbose === true;
process.env['NX_DAEMON'] ??= 'false';

// 1. Versions and changelogs, as `nx release` does them: the version step stages its changes and
// the changelog step commits everything, tags each released package and deletes the used plans.
const client = new ReleaseClient(workspaceReleaseConfig(), true);
const version = await client.releaseVersion({ dryRun, verbose, gitCommit: false, gitTag: false, stageChanges: !dryRun, deleteVersionPlans: false });
await client.releaseChangelog({
  dryRun,
  verbose,
  versionData: version.projectsVersionData,
  releaseGraph: version.releaseGraph,
  gitCommit: true,
  gitTag: true,
  stageChanges: true,
  deleteVersionPlans: true,
  createRelease: false,
});

// 2. What goes to the registry. In a dry run the publish folders get the new versions here (the
// sources were left alone), so that npm's dry run below shows the real names and versions.
const versionData = dryRun ? await versionPublishFolders({ build: false, verbose }) : version.projectsVersionData;
const candidates = await publishCandidates(versionData, String(args.registry));
const toPublish = candidates.filter((pkg) => !pkg.onRegistry);
console.log(`\nRelease on ${args.registry}${dryRun ? ' (dry run)' : ''}:`);
for (const pkg of candidates) {
  const change = pkg.releaseVersion === pkg.version ? pkg.version : `${pkg.version} -> ${pkg.releaseVersion}`;
  const state = pkg.onRegistry ? 'already published' : 'publish';
  console.log(`  ${state.padEnd(17)}  ${pkg.name}@${pkg.releaseVersion}${dryRun ? `  (${change})` : ''}`);
}
if (toPublish.length === 0 || args['skip-publish'] === true) {
  console.log(toPublish.length === 0 ? '\nNothing to publish.' : '\nPublishing skipped (--skip-publish).');
  process.exit(0);
}

// 3. Publish, dependencies first, after a confirmation unless --yes (or a dry run).
if (!dryRun && args.yes !== true) {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(`Publish ${toPublish.length} package(s) to ${args.registry}? [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) {
    console.log('Not published. Publish later with: npm run release -- --yes   (versions, changelogs and tags are done)');
    process.exit(1);
  }
}
const ok = await publishProjects({
  projects: toPublish.map((pkg) => pkg.project),
  registry: String(args.registry),
  tag: String(args.tag),
  otp: args.otp === undefined ? undefined : Number(args.otp),
  dryRun,
  verbose,
});
process.exit(ok ? 0 : 1);
