import { ManagedService } from './managed-service';
import type { ServiceHandle } from './service-spec';
import { readState, updateServiceInState } from './test-state';

export { expectEventually } from './expect-eventually';
export { freePort } from './free-port';
export type { ServiceHandle } from './service-spec';

export interface TestServices {
  mosquitto: ServiceHandle;
  influx: ServiceHandle;
  postgres: ServiceHandle;
}

let cached: { stateFile: string; services: TestServices } | undefined;

/**
 * Handles on the services jest's global setup started (found through PREEMPT_TEST_STATE). stop()/start()
 * act on the same ports and data dirs and keep the state file current, so teardown stops the right pid.
 * Restart a service you stopped before your test ends.
 *
 * @example
 * const { influx } = getTestServices();
 * await influx.stop();
 * // ... writes fail and must be retried ...
 * await influx.start();
 */
export function getTestServices(): TestServices {
  const stateFile = process.env.PREEMPT_TEST_STATE;
  if (!stateFile) {
    throw new Error('PREEMPT_TEST_STATE is not set: run integration tests with jest -c jest.int.config.js');
  }
  if (cached?.stateFile === stateFile) return cached.services;

  // Each handle starts from the file's current pid, not one captured at setup (another file may have restarted it).
  const { services } = readState(stateFile);
  const onChange = updateServiceInState.bind(null, stateFile);
  cached = {
    stateFile,
    services: {
      mosquitto: new ManagedService(services.mosquitto, onChange),
      influx: new ManagedService(services.influxdb, onChange),
      postgres: new ManagedService(services.postgres, onChange),
    },
  };
  return cached.services;
}
