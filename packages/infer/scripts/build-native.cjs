#!/usr/bin/env node
// Builds the packed-inference addon (build/Release/signflow_infer.node) with node-gyp. It needs a
// C compiler with OpenMP (gcc); Node's own headers are taken from the running Node installation,
// so nothing is downloaded. The addon is optional: without it the package runs the WebAssembly
// build of the same engine. CommonJS so that it runs on plain Node without a TypeScript loader.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const packageDir = resolve(__dirname, '..');

function fail(message) {
  console.error(`build:native: ${message}`);
  process.exit(1);
}

const nodeDir = resolve(dirname(process.execPath), '..');
if (!existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) {
  fail(`Node headers not found under ${join(nodeDir, 'include', 'node')}; install the Node.js ` +
    'development headers (Debian: `apt-get install libnode-dev`, or a Node.js build that ships them).');
}
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`, '--jobs=2'], {
  cwd: packageDir,
  stdio: 'inherit',
});
if (result.status !== 0) fail(`node-gyp exited with status ${result.status ?? result.signal}.`);
console.log(`build:native: built ${join(packageDir, 'build', 'Release', 'signflow_infer.node')}`);
