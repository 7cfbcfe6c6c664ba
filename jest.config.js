// Unit tests: *.spec.ts beside the code. No I/O, milliseconds each.
const shared = require('./jest.shared');

module.exports = {
  ...shared,
  testMatch: [
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/simulators/**/*.spec.ts',
    '<rootDir>/tests/**/*.spec.ts',
    '<rootDir>/scripts/**/*.spec.ts',
    '<rootDir>/bench/**/*.spec.ts',
  ],
};
