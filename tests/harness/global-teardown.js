// Jest global teardown: stop the private services (wherever tests restarted them) and remove the temp dir
// (kept with KEEP_TEST_SERVICES_DIR=1).
const { stopTestStack } = require('./test-stack');

module.exports = async function globalTeardown() {
  if (process.env.PREEMPT_TEST_STATE) await stopTestStack(process.env.PREEMPT_TEST_STATE);
};
