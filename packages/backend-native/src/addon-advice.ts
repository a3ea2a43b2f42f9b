/**
 * What `nativeUnavailableReason()` tells a user when the addon cannot be used: the exact package
 * to install or the exact command to run, for where the package is (a clone of the signflow
 * repository, or installed from the registry).
 */

/** Where the package runs: in the signflow repository, or installed from the registry. */
export type Installation = 'repository' | 'installed';

/** The command that (re)builds the addon, run from the repository root of signflow. */
export const BUILD_COMMAND = 'npm run build:native -w packages/backend-native';

/** The same for a project that installed the package from the registry. */
export const INSTALLED_BUILD_COMMAND = 'npm explore @signflow/backend-native -- npm run build:native';

/** The platform the published package carries a prebuilt addon for. */
export const PREBUILT_PLATFORM = 'linux-x64';

/** What building from source needs on Debian and Ubuntu. */
const BUILD_PACKAGES = 'apt-get install libdnnl-dev g++ make python3';

/** Debian/Ubuntu packages that provide the shared libraries the addon links. */
const LIBRARY_PACKAGES: Readonly<Record<string, string>> = {
  'libdnnl.so.2': 'libdnnl2',
  'libgomp.so.1': 'libgomp1',
  'libstdc++.so.6': 'libstdc++6',
};

/** A package folder inside node_modules was installed by a package manager. */
export function installationOf(packageDir: string): Installation {
  return /[\\/]node_modules[\\/]/.test(packageDir) ? 'installed' : 'repository';
}

/** How to build the addon from source, where the package is. */
export function buildFromSource(where: Installation): string {
  const command = where === 'repository' ? `\`${BUILD_COMMAND}\` in the signflow repository` : `\`${INSTALLED_BUILD_COMMAND}\``;
  return `install oneDNN 2's headers and a C++ toolchain (Debian/Ubuntu: \`${BUILD_PACKAGES}\`), then run ${command}`;
}

/** No addon binary at all for this platform: neither a local build nor a matching prebuilt one. */
export function noBinaryReason(where: Installation, platform: string, missingPath?: string): string {
  if (missingPath !== undefined) return `the native addon is not built (${missingPath} is missing). To build it, ${buildFromSource(where)}.`;
  if (where === 'repository') return `the native addon is not built. To build it, ${buildFromSource(where)}.`;
  return (
    `@signflow/backend-native has no prebuilt addon for ${platform} (it ships one for ${PREBUILT_PLATFORM} with glibc). ` +
    `To use the native backend here, ${buildFromSource(where)}.`
  );
}

/** The addon exists but the dynamic loader refused it: say which library or runtime is missing. */
export function loadFailureReason(where: Installation, message: string): string {
  const missing = /([\w+.-]+\.so(?:\.\d+)*): cannot open shared object file/.exec(message)?.[1];
  if (missing !== undefined) {
    const pkg = LIBRARY_PACKAGES[missing];
    const what = missing.startsWith('libdnnl.') ? `oneDNN 2's runtime library ${missing}` : missing;
    const install = pkg === undefined ? `install the package that provides ${missing}` : `install it (Debian/Ubuntu: \`apt-get install ${pkg}\`)`;
    return `the native addon needs ${what}, which is not installed: ${install}, then run again. Or ${buildFromSource(where)}.`;
  }
  const runtime = /version [`']((?:GLIBC|GLIBCXX|CXXABI)_[\d.]+)' not found/.exec(message)?.[1];
  if (runtime !== undefined) {
    return `the native addon was built against a newer C or C++ runtime than this system has (${runtime} not found). To build it for this system, ${buildFromSource(where)}.`;
  }
  return `the native addon failed to load (${message}). To rebuild it, ${buildFromSource(where)}.`;
}
