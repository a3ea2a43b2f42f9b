import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUICK, runCli } from './cli-helpers.js';
import { DEMO_PLUGIN, userProject } from './plugin-project.js';

describe('third-party estimator plugins', () => {
  it('loads a plugin package by name from the user project and trains with it', async () => {
    const root = userProject(DEMO_PLUGIN);
    const result = await runCli(['train', ...QUICK, '--estimator', 'signflow-estimator-demo', '--epochs', '1', '--out', join(root, 'runs')], root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/with demo-sign on mnist/);
    const [run] = readdirSync(join(root, 'runs'));
    expect(JSON.parse(readFileSync(join(root, 'runs', run, 'config.json'), 'utf8'))).toMatchObject({ estimator: 'demo-sign', plugins: ['signflow-estimator-demo'] });
    // The run can be resumed: the plugin named in its config is loaded again.
    const resumed = await runCli(['train', '--resume', join(root, 'runs', run)], root);
    expect(resumed.code, resumed.stderr).toBe(0);
  });

  it('rejects a package that exports no valid plugin', async () => {
    const root = userProject(`export const plugin = { id: 42 };`);
    const result = await runCli(['train', ...QUICK, '--plugin', 'signflow-estimator-demo', '--out', join(root, 'runs')], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The package 'signflow-estimator-demo' exports no valid plugin/);
  });
});
