// Type-aware linting (immich's shape): floating promises and exhaustive switches are errors,
// and the pure libraries may not import Nest or any I/O module.
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

import preempt from './scripts/lint/app-boundaries.mjs';

const ioModules = [
  '@nestjs/*',
  'fs',
  'fs/*',
  'node:*',
  'net',
  'http',
  'https',
  'dgram',
  'child_process',
  'worker_threads',
  'mqtt',
  'aedes',
  '@influxdata/*',
  'pg',
  '@electric-sql/*',
  'prom-client',
  'express',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Imports in one order everywhere (side effects, packages and @preempt libs, then relative paths),
    // fixed by `eslint --fix`.
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: { 'simple-import-sort/imports': 'error', 'simple-import-sort/exports': 'error' },
  },
  {
    // Pure code: no Nest, no I/O (the detection engine and the contracts are reused by tools and benches).
    files: ['libs/detection/src/**/*.ts', 'libs/engine/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ioModules,
              message: 'libs/detection, libs/engine and libs/contracts are pure: no Nest, no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // App boundaries: another app is reachable only through its public face apps/<app>/src (index.ts),
    // and libs never depend on apps (scripts/lint/app-boundaries.mjs).
    files: [
      'apps/**/*.ts',
      'libs/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
      'simulators/**/*.ts',
      'tests/**/*.ts',
    ],
    plugins: { preempt },
    rules: { 'preempt/app-boundaries': 'error' },
  },
);
