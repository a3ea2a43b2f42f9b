import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import workspace from '../eslint.config.mjs';

// The workspace config lints TypeScript. Here the generator is CommonJS JavaScript (Nx loads
// generators with require; tsc checks it through JSDoc) next to an ES-module script, so plain
// JavaScript gets ESLint's recommended rules, the typescript-eslint plugin that the workspace's
// unused-variable rule names, and the Node globals it uses.
export default [
  ...workspace,
  {
    files: ['**/*.cjs', '**/*.mjs'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: js.configs.recommended.rules,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // This file extends the workspace config by relative path, as vitest configs share theirs.
    files: ['eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
