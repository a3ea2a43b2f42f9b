#!/usr/bin/env node
// Builds the oneDNN addon (build/Release/signflow_native.node) with node-gyp. It needs oneDNN's
// headers and library (Debian: `apt-get install libdnnl-dev`) and a C++ compiler; Node's own
// headers are taken from the running Node installation, so nothing is downloaded.
// CommonJS so that it runs on plain Node without a TypeScript loader.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const packageDir = resolve(__dirname, '..');

function fail(message) {
  console.error(`build:native: ${message}`);
  process.exit(1);
}

const dnnlHeaders = ['/usr/include/oneapi/dnnl/dnnl.hpp', '/usr/include/dnnl.hpp', '/usr/local/include/dnnl.hpp'];
if (!dnnlHeaders.some((file) => existsSync(file)) && !process.env.CPLUS_INCLUDE_PATH) {
  fail('oneDNN headers not found. Install them (Debian/Ubuntu: `apt-get install libdnnl-dev`) ' +
    'and rerun `npm run build:native -w packages/backend-native`.');
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
console.log(`build:native: built ${join(packageDir, 'build', 'Release', 'signflow_native.node')}`);
