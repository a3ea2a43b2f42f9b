import nx from '@nx/eslint-plugin';

// Package boundaries (docs/architecture.md): estimators and backbones see `core` only; metrics see
// `core` and the durable-write package; data sees only the durable-write package; backends and
// the durable-write package see nothing of ours; only apps and tools wire everything together.
const depConstraints = [
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:io', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:estimator', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:backbone', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:metrics', onlyDependOnLibsWithTags: ['type:core', 'type:io'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:io'] },
  { sourceTag: 'type:backend', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:infer', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:export', onlyDependOnLibsWithTags: ['type:core', 'type:infer'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'scope:published', notDependOnLibsWithTags: ['scope:private'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/build', '**/.nx', '**/coverage', 'docs/api', '**/files/**'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints },
      ],
    },
  },
  {
    // The exporters' tests check every zoo backbone with real estimators and the summary.
    files: ['packages/export/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: depConstraints.map((c) =>
            c.sourceTag === 'type:export' ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:backbone', 'type:estimator', 'type:metrics'] } : c,
          ),
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Per-project Vitest configs share the workspace preset by relative path.
    files: ['**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
