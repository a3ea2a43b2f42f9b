import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKSPACE = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A user's project outside the workspace with an estimator plugin package installed in its
 * node_modules (signflow's core and tfjs linked in as the user would install them).
 */
export function userProject(pluginSource: string): string {
  const root = mkdtempSync(join(tmpdir(), 'signflow-user-'));
  mkdirSync(join(root, 'node_modules', '@signflow'), { recursive: true });
  symlinkSync(join(WORKSPACE, 'packages', 'core'), join(root, 'node_modules', '@signflow', 'core'));
  symlinkSync(join(WORKSPACE, 'node_modules', '@tensorflow'), join(root, 'node_modules', '@tensorflow'));
  const pkg = join(root, 'node_modules', 'signflow-estimator-demo');
  mkdirSync(pkg);
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'signflow-estimator-demo', version: '1.0.0', type: 'module', exports: './index.js' }));
  writeFileSync(join(pkg, 'index.js'), pluginSource);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
  return root;
}

export const DEMO_PLUGIN = `
import * as tf from '@tensorflow/tfjs-core';
import { BaseEstimator, binarySign, resolveConfig } from '@signflow/core';

/** sign with a gradient of 'scale' on |x| <= 1. */
class DemoSign extends BaseEstimator {
  constructor(config) {
    super('demo-sign', 1, { scale: { description: 'gradient scale', min: 0, minExclusive: true } }, config);
  }
  forward(x) { return binarySign(x); }
  pseudoGrad(x, dy) { return tf.tidy(() => tf.mul(dy, tf.mul(tf.cast(tf.lessEqual(tf.abs(x), 1), 'float32'), this.hyper.scale))); }
}

export const plugin = { id: 'demo-sign', create: (config) => new DemoSign(resolveConfig('demo-sign', { scale: 1 }, config)) };
`;
