import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

/**
 * A required peer dependency of the command that is not usable where it is installed.
 * `found` is the installed version, or `null` when the package cannot be resolved at all.
 */
export interface PeerProblem {
  readonly name: string;
  readonly wanted: string;
  readonly found: string | null;
}

interface Manifest {
  readonly name?: string;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

/**
 * The required (non-optional) peers of the package whose manifest is `manifestPath`, as seen from
 * that package's folder, that are missing or whose version is outside the declared range.
 *
 * The command shares tfjs and its backends with every plugin package as peers (one engine, one
 * kernel registry). npm 7 and later install required peers with the command; `--legacy-peer-deps`,
 * `--omit=peer`, yarn 1 and pnpm without auto-install-peers do not, and the first import of a
 * missing one would end in a module-resolution stack. So this runs before anything imports them.
 */
export function peerProblems(manifestPath: string): PeerProblem[] {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const require = createRequire(manifestPath);
  const problems: PeerProblem[] = [];
  for (const [name, wanted] of Object.entries(manifest.peerDependencies ?? {})) {
    if (manifest.peerDependenciesMeta?.[name]?.optional === true) continue;
    const found = installedVersion(require, name);
    if (found === null || (found !== undefined && !semver.satisfies(found, wanted, { includePrerelease: true }))) {
      problems.push({ name, wanted, found: found ?? null });
    }
  }
  return problems;
}

/**
 * The version of `name` as `require` resolves it: `null` when it is not installed, `undefined`
 * when it is installed but its manifest is not exported (then only its presence is known).
 */
function installedVersion(require: NodeJS.Require, name: string): string | null | undefined {
  try {
    return String((JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: unknown }).version);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return null;
  }
  try {
    require.resolve(name);
    return undefined;
  } catch {
    return null;
  }
}

/**
 * What to tell the user about `problems`: which packages, and the one command that installs them
 * where the command is installed (its project, or npm's global folder).
 */
export function describePeerProblems(problems: readonly PeerProblem[], manifestPath: string): string {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const self = manifest.name ?? 'signflow';
  const lines = problems.map((p) => `  ${p.name} ${p.wanted} (${p.found === null ? 'not installed' : `${p.found} installed`})`);
  const install = installCommand(problems.map((p) => `${p.name}@${p.wanted}`), manifestPath);
  return (
    `signflow: ${self} needs these packages installed beside it:\n${lines.join('\n')}\n` +
    `npm 7 and later install them together with ${self}; --legacy-peer-deps, --omit=peer, yarn 1 and pnpm ` +
    `without auto-install-peers leave them out. Install them with:\n  ${install}\n`
  );
}

/**
 * The npm command that installs `specs` beside the package whose manifest is `manifestPath`: in
 * the project that holds it, or globally when it is installed globally.
 */
export function installCommand(specs: readonly string[], manifestPath: string = OWN_MANIFEST): string {
  const quoted = specs.map((spec) => `'${spec}'`).join(' ');
  const project = installingProject(manifestPath);
  return project === null ? `npm install -g ${quoted}` : `npm install ${quoted}    (in ${project})`;
}

/** The range the package's manifest declares for a peer (optional or not), if any. */
export function peerRange(name: string, manifestPath: string = OWN_MANIFEST): string | undefined {
  return (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest).peerDependencies?.[name];
}

/**
 * The project folder whose node_modules holds the package, or `null` for npm's global folder
 * (`<prefix>/lib/node_modules`, which has no package.json of its own above it).
 */
function installingProject(manifestPath: string): string | null {
  const packageDir = dirname(manifestPath);
  const marker = `${sep}node_modules${sep}`;
  const at = packageDir.lastIndexOf(marker);
  if (at < 0) return packageDir;
  const project = packageDir.slice(0, at) || sep;
  return existsSync(join(project, 'package.json')) ? project : null;
}

/** The manifest of the package this module ships in (`src/` in the workspace, `dist/` when installed). */
export const OWN_MANIFEST = fileURLToPath(new URL('../../package.json', import.meta.url));
