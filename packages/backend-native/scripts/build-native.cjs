#!/usr/bin/env node
// Builds the oneDNN addon with node-gyp. It needs oneDNN's headers and library (Debian/Ubuntu:
// `apt-get install libdnnl-dev`) and a C++ compiler; Node's own headers are taken from the running
// Node installation, so nothing is downloaded.
//
//   node scripts/build-native.cjs             build/Release/signflow_native.node (development, or
//                                             building from source where the package is installed)
//   node scripts/build-native.cjs --prebuild  prebuilds/linux-x64/*.node with prebuildify, the
//                                             binary the published package ships (workspace only)
//
// CommonJS so that it runs on plain Node without a TypeScript loader.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const packageDir = resolve(__dirname, '..');
const prebuild = process.argv.includes('--prebuild');

function fail(message) {
  console.error(`build:native: ${message}`);
  process.exit(1);
}

const dnnlHeaders = ['/usr/include/oneapi/dnnl/dnnl.hpp', '/usr/include/dnnl.hpp', '/usr/local/include/dnnl.hpp'];
if (!dnnlHeaders.some((file) => existsSync(file)) && !process.env.CPLUS_INCLUDE_PATH) {
  fail('oneDNN headers not found. Install them (Debian/Ubuntu: `apt-get install libdnnl-dev`, with `g++ make python3`) ' +
    'and rerun `npm run build:native` (in the signflow repository: `npm run build:native -w packages/backend-native`).');
}
const nodeDir = resolve(dirname(process.execPath), '..');
if (!existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) {
  fail(`Node headers not found under ${join(nodeDir, 'include', 'node')}; install the Node.js ` +
    'development headers (Debian: `apt-get install libnode-dev`, or a Node.js build that ships them).');
}

const nodeGyp = nodeGypScript();
const result = prebuild ? runPrebuildify() : run(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`, '--jobs=2'], process.env);
if (result.status !== 0) fail(`${prebuild ? 'prebuildify' : 'node-gyp'} exited with status ${result.status ?? result.signal}.`);
console.log(`build:native: built ${prebuild ? join(packageDir, 'prebuilds', `${process.platform}-${process.arch}`) : join(packageDir, 'build', 'Release', 'signflow_native.node')}`);

/**
 * node-gyp: the workspace's pinned copy, else the one npm runs its scripts with (npm puts its
 * own in `npm_config_node_gyp`), so that an installed package needs no node-gyp of its own.
 */
function nodeGypScript() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const npmCopy = process.env.npm_config_node_gyp;
    if (npmCopy !== undefined && existsSync(npmCopy)) return npmCopy;
    return fail('node-gyp not found; run this script through npm (`npm run build:native`), which provides it.');
  }
}

/**
 * N-API binary, stripped, tagged with the C library (glibc), named the way node-gyp-build looks
 * for it. node-gyp gets Node's headers from the running installation (`npm_config_nodedir`).
 */
function runPrebuildify() {
  let prebuildify;
  try {
    prebuildify = require.resolve('prebuildify/bin.js');
  } catch {
    return fail('prebuildify not found: `--prebuild` runs in the signflow workspace (after `npm ci`).');
  }
  // node-gyp's options come from npm_config_* variables; prebuildify spawns its script directly
  // (it is executable, with a node shebang).
  const env = { ...process.env, npm_config_nodedir: nodeDir, PREBUILD_NODE_GYP: nodeGyp, JOBS: '2' };
  return run(process.execPath, [prebuildify, '--napi', '--strip', '--tag-libc', `--target=${process.versions.node}`], env);
}

function run(command, args, env) {
  return spawnSync(command, args, { cwd: packageDir, stdio: 'inherit', env });
}
