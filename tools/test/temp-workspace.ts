import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The signflow workspace this test runs in. */
export const WORKSPACE = fileURLToPath(new URL('../../', import.meta.url));

/** What a generated package needs of the workspace: root configs, core and the generator. */
const COPIED = ['package.json', 'nx.json', 'tsconfig.base.json', 'eslint.config.mjs', 'vitest.shared.ts', 'vitest.setup.ts', 'packages/core', 'tools'];
const NOT_COPIED = new Set(['node_modules', 'dist', '.nx', 'coverage']);

/** The result of a command run in the temporary workspace. */
export interface RunResult {
  readonly status: number | null;
  readonly output: string;
}

/**
 * A throw-away copy of the workspace in the system's temp folder. Its node_modules links every
 * installed package of the real workspace, and `@signflow/core` and `@signflow/tools` to their
 * copies, as `npm install` links workspace packages.
 */
export class TempWorkspace {
  readonly root: string;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'signflow-generator-'));
    for (const path of COPIED) {
      cpSync(join(WORKSPACE, path), join(this.root, path), {
        recursive: true,
        filter: (source) => !NOT_COPIED.has(source.split('/').pop() ?? ''),
      });
    }
    this.linkNodeModules();
  }

  /**
   * Runs `node <script> ...args` in `cwd` (relative to the root), with the tools of the real
   * workspace, without the Nx daemon and without this test runner's own environment.
   */
  run(cwd: string, script: string, args: readonly string[]): RunResult {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV'));
    const result = spawnSync(process.execPath, [join(WORKSPACE, 'node_modules', script), ...args], {
      cwd: join(this.root, cwd),
      env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', NO_COLOR: '1' },
      encoding: 'utf-8',
      timeout: 110_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}${result.error?.message ?? ''}` };
  }

  /** Like {@link run}, but throws with the output unless the command succeeds. */
  mustRun(cwd: string, script: string, args: readonly string[]): string {
    const result = this.run(cwd, script, args);
    if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} in ${cwd} exited with ${result.status}:\n${result.output}`);
    return result.output;
  }

  /** Deletes the copy. */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private linkNodeModules(): void {
    const source = join(WORKSPACE, 'node_modules');
    const target = join(this.root, 'node_modules');
    mkdirSync(join(target, '@signflow'), { recursive: true });
    for (const entry of readdirSync(source)) {
      if (entry !== '@signflow') symlinkSync(join(source, entry), join(target, entry));
    }
    symlinkSync(join(this.root, 'packages', 'core'), join(target, '@signflow', 'core'));
    symlinkSync(join(this.root, 'tools'), join(target, '@signflow', 'tools'));
  }
}
