#!/usr/bin/env node
/**
 * The `signflow` executable. It checks that the packages it shares with plugins as peers (tfjs
 * and its backends) are installed before importing anything that needs them, so that a missing
 * one is reported with the command that installs it; then it runs the command line.
 */
import { EXIT } from './errors.js';
import { describePeerProblems, OWN_MANIFEST, peerProblems } from './install/peers.js';

const problems = peerProblems(OWN_MANIFEST);
if (problems.length > 0) {
  process.stderr.write(describePeerProblems(problems, OWN_MANIFEST));
  process.exitCode = EXIT.usage;
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(process.argv.slice(2));
}
