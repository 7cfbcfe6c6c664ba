// Type-aware linting (immich's shape): floating promises and exhaustive switches are errors,
// and the pure libraries may not import Nest or any I/O module.
import tseslint from 'typescript-eslint';

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
    // Pure code: no Nest, no I/O (the detection engine and the contracts are reused by tools and benches).
    files: ['libs/detection/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ioModules, message: 'libs/detection and libs/contracts are pure: no Nest, no I/O.' },
          ],
        },
      ],
    },
  },
);
