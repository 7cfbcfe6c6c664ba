// Shared jest settings: @swc/jest for speed (type-checking is `npm run typecheck`),
// CommonJS output, and ESM-only dependencies (NestJS 12, ...) transformed too.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  // Transform everything under node_modules that ships as ESM only.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|uid|@lukeed|load-esm|file-type|strtok3|token-types|peek-readable|@tokenizer)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@preempt/(contracts|config|storage|detection|common|engine|messaging|access)$': '<rootDir>/libs/$1/src',
    '^@preempt/(contracts|config|storage|detection|common|engine|messaging|access)/(.*)$':
      '<rootDir>/libs/$1/src/$2',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  setupFiles: ['<rootDir>/tests/setup-env.js'],
};
