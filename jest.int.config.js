// Integration tests: apps/<app>/test/*.int-spec.ts and tests/**/*.int-spec.ts, against real
// Mosquitto and InfluxDB (and PostgreSQL) started privately by tests/harness.
const shared = require('./jest.shared');

module.exports = {
  ...shared,
  testMatch: [
    '<rootDir>/apps/**/*.int-spec.ts',
    '<rootDir>/libs/**/*.int-spec.ts',
    '<rootDir>/tests/**/*.int-spec.ts',
    '<rootDir>/scripts/**/*.int-spec.ts',
  ],
  globalSetup: '<rootDir>/tests/harness/global-setup.js',
  globalTeardown: '<rootDir>/tests/harness/global-teardown.js',
  testTimeout: 120000,
};
