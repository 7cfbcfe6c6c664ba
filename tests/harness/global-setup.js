// Jest global setup for integration tests: private Mosquitto, InfluxDB and PostgreSQL in a temp dir.
// Loaded through the @swc/jest transform, so it can require the TypeScript harness.
const { startTestStack } = require('./test-stack');

module.exports = async function globalSetup() {
  const started = Date.now();
  const stack = await startTestStack();
  Object.assign(process.env, stack.env);
  const ports = `mqtt ${stack.mosquitto.port}, influx ${stack.influx.port}, postgres ${stack.postgres.port}`;
  process.stderr.write(
    `\ntest services up in ${Date.now() - started} ms (${ports}); state ${stack.stateFile}\n`,
  );
};
