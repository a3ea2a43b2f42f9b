import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPackages, workspaceRoot, type PublishedPackage } from '../publish/packages.mjs';

/**
 * Every published package's README has an `## Example` section: one short code block a user can
 * paste. TypeScript examples are type-checked against the packages (their sources, through the
 * development condition) and run with Node; a shell example runs the package's own command.
 */
interface Example {
  readonly pkg: PublishedPackage;
  readonly language: string;
  readonly code: string;
}

/** The first fenced code block of the README's `## Example` section. */
function exampleOf(pkg: PublishedPackage): Example | undefined {
  const readme = readFileSync(join(workspaceRoot, pkg.projectRoot, 'README.md'), 'utf8');
  const section = /^## Example\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1];
  const block = section === undefined ? null : /^```(\w+)\n([\s\S]*?)^```/m.exec(section);
  return block === null || block === undefined ? undefined : { pkg, language: block[1] ?? '', code: block[2] ?? '' };
}

/** Runs a command in the workspace root; resolves with its exit code and output. */
function run(command: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: workspaceRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout: 110_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

let packages: PublishedPackage[];
let examples: Example[];
let dir: string;
const files = new Map<string, string>();

beforeAll(async () => {
  packages = await publishedPackages();
  examples = packages.map(exampleOf).filter((example): example is Example => example !== undefined);
  // Inside the workspace (under tools/node_modules, never committed), so that @signflow/* and tfjs
  // resolve as they do for the workspace's own code.
  // (A fresh clone has no tools/node_modules: the tools' dependencies are hoisted to the root.)
  mkdirSync(join(workspaceRoot, 'tools', 'node_modules'), { recursive: true });
  dir = mkdtempSync(join(workspaceRoot, 'tools', 'node_modules', '.readme-examples-'));
  for (const example of examples.filter((e) => e.language === 'ts')) {
    const file = join(dir, `${example.pkg.project}.mts`);
    writeFileSync(file, example.code);
    files.set(example.pkg.name, file);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the README examples', () => {
  it('exist for every published package, each at most a dozen lines of code', () => {
    expect(examples.map((e) => e.pkg.name)).toEqual(packages.map((pkg) => pkg.name));
    for (const { pkg, code } of examples) {
      const lines = code.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('import ') && !line.trim().startsWith('//'));
      expect(lines.length, `${pkg.name}: ${lines.length} lines besides imports`).toBeLessThanOrEqual(12);
    }
  });

  it('type-check against the packages', () => {
    const base = ts.getParsedCommandLineOfConfigFile(join(workspaceRoot, 'tsconfig.base.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (base === undefined) throw new Error('tsconfig.base.json does not parse');
    const program = ts.createProgram([...files.values()], { ...base.options, noEmit: true, declaration: false, declarationMap: false, sourceMap: false });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.split('/').pop() ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  });

  it('run without errors', async () => {
    // Asynchronously: a synchronous child process would block this worker's event loop for
    // minutes, and Vitest's RPC with it.
    for (const [name, file] of files) {
      const result = await run(process.execPath, ['--conditions=@signflow/source', '--import', 'tsx', file]);
      expect(result.code, `${name}:\n${result.output}`).toBe(0);
    }
  }, 600_000);

  it('use the command of a package that ships one', () => {
    for (const { pkg, language, code } of examples.filter((e) => e.language !== 'ts')) {
      const bins = Object.keys((JSON.parse(readFileSync(join(workspaceRoot, pkg.projectRoot, 'package.json'), 'utf8')) as { bin?: Record<string, string> }).bin ?? {});
      expect(language, pkg.name).toBe('sh');
      expect(bins.length, `${pkg.name} has a shell example but no bin`).toBeGreaterThan(0);
      expect(bins.some((bin) => code.includes(`${bin} `)), pkg.name).toBe(true);
    }
  });
});
