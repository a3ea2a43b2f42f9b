// Writes the standard files of a workspace project (package.json, project.json, tsconfigs,
// vitest config) if they are missing. Used to lay out new packages consistently.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, name, tagsCsv, description, isPrivate] = process.argv.slice(2);
const tags = tagsCsv.split(',');
const depth = dir.split('/').length;
const up = '../'.repeat(depth);
mkdirSync(join(dir, 'src'), { recursive: true });
const write = (file, content) => {
  const path = join(dir, file);
  if (!existsSync(path)) writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
};
const published = isPrivate !== 'private';
write('package.json', {
  name,
  version: '0.1.0',
  description,
  ...(published ? {} : { private: true }),
  type: 'module',
  license: 'MIT',
  exports: {
    '.': { '@signflow/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist', '!dist/.tsbuildinfo', 'src', '!**/*.test.*', 'README.md'],
  sideEffects: false,
  engines: { node: '>=20' },
  repository: { type: 'git', url: 'git+https://github.com/signflow/signflow.git', directory: dir },
});
write('project.json', {
  name: name.replace('@signflow/', ''),
  $schema: `${up}node_modules/nx/schemas/project-schema.json`,
  sourceRoot: `${dir}/src`,
  projectType: published ? 'library' : 'application',
  tags: [...tags, published ? 'scope:published' : 'scope:private'],
  targets: {
    build: { executor: 'nx:run-commands', options: { command: 'tsc -p tsconfig.lib.json', cwd: '{projectRoot}' } },
    ...(published
      ? {
          package: {
            executor: 'nx:run-commands',
            dependsOn: ['build'],
            options: { command: `node ${up}tools/publish/prepare-package.mjs`, cwd: '{projectRoot}' },
            inputs: ['production', '{workspaceRoot}/tools/publish/*.mjs'],
            outputs: ['{workspaceRoot}/dist/{projectRoot}'],
            cache: true,
          },
        }
      : {}),
    typecheck: { executor: 'nx:run-commands', options: { command: 'tsc -p tsconfig.json --noEmit', cwd: '{projectRoot}' } },
    lint: { executor: 'nx:run-commands', options: { command: 'eslint .', cwd: '{projectRoot}' } },
    test: { executor: 'nx:run-commands', options: { command: 'vitest run', cwd: '{projectRoot}' } },
  },
});
write('tsconfig.json', {
  extends: `${up}tsconfig.base.json`,
  compilerOptions: { noEmit: true },
  include: ['src/**/*.ts', 'test/**/*.ts', 'vitest.config.ts'],
});
write('tsconfig.lib.json', {
  extends: `${up}tsconfig.base.json`,
  compilerOptions: { rootDir: 'src', outDir: 'dist', customConditions: [], tsBuildInfoFile: 'dist/.tsbuildinfo' },
  include: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
});
write('vitest.config.ts', `import { sharedVitestConfig } from '${up}vitest.shared.js';\n\nexport default sharedVitestConfig;\n`);
