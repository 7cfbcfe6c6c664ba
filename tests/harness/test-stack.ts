import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isAlive, ManagedService } from './managed-service';
import { TEST_DATABASE } from './readiness';
import type { ServiceHandle, ServiceSpec } from './service-spec';
import { assertReachable, serviceIds } from './service-user';
import { startInflux, startMosquitto, startPostgres } from './services';
import { readState, type TestState, updateServiceInState, writeState } from './test-state';

export interface TestStack {
  /** The run's temp dir: one sub-directory per service, plus state.json. */
  dir: string;
  /** Path of the state file (also in env.PREEMPT_TEST_STATE). */
  stateFile: string;
  mosquitto: ServiceHandle;
  influx: ServiceHandle;
  postgres: ServiceHandle;
  /** MQTT_URL, INFLUX_URL, INFLUX_DATABASE, DATABASE_URL, PREEMPT_TEST_STATE. */
  env: Record<string, string>;
}

/**
 * Starts Mosquitto, InfluxDB and PostgreSQL privately in a fresh temp dir, writes the state file and starts
 * a watchdog that stops them if this process dies without calling stopTestStack (Ctrl-C, crash).
 * Jest's global setup uses it; a benchmark can too.
 *
 * @example
 * const stack = await startTestStack();
 * Object.assign(process.env, stack.env);
 * // ...
 * await stopTestStack(stack.stateFile);
 */
export async function startTestStack(): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), 'preempt-test-'));
  chmodSync(dir, 0o711); // the unprivileged service user must traverse it
  try {
    assertReachable(dir, serviceIds());
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const stateFile = join(dir, 'state.json');
  const onChange = (spec: ServiceSpec) => {
    if (existsSync(stateFile)) updateServiceInState(stateFile, spec);
  };

  const results = await Promise.allSettled([
    startMosquitto(dir, { onChange }),
    startInflux(dir, { onChange }),
    startPostgres(dir, { onChange }),
  ]);
  const failures = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failures.length > 0) {
    await Promise.all(started.map((s) => s.stop()));
    if (process.env.KEEP_TEST_SERVICES_DIR !== '1') rmSync(dir, { recursive: true, force: true });
    throw new Error(`test services failed to start:\n${failures.join('\n')}`);
  }
  const [mosquitto, influx, postgres] = started as [ServiceHandle, ServiceHandle, ServiceHandle];

  const state: TestState = {
    version: 1,
    dir,
    ownerPid: process.pid,
    services: { mosquitto: mosquitto.spec(), influxdb: influx.spec(), postgres: postgres.spec() },
  };
  writeState(stateFile, state);
  writeState(stateFile, { ...state, reaperPid: startReaper(stateFile) });

  const env = {
    MQTT_URL: mosquitto.url,
    INFLUX_URL: influx.url,
    INFLUX_DATABASE: TEST_DATABASE,
    DATABASE_URL: postgres.url,
    PREEMPT_TEST_STATE: stateFile,
  };
  return { dir, stateFile, mosquitto, influx, postgres, env };
}

/**
 * Stops every service recorded in the state file (whoever restarted them last), stops the watchdog and
 * removes the temp dir unless KEEP_TEST_SERVICES_DIR=1.
 */
export async function stopTestStack(stateFile: string): Promise<void> {
  if (!existsSync(stateFile)) return;
  const state = readState(stateFile);
  const onChange = (spec: ServiceSpec) => updateServiceInState(stateFile, spec);
  const services = Object.values(state.services).map((spec) => new ManagedService(spec, onChange));
  await Promise.all(services.map((s) => s.stop()));
  if (state.reaperPid !== undefined && isAlive(state.reaperPid)) process.kill(state.reaperPid, 'SIGTERM');
  if (process.env.KEEP_TEST_SERVICES_DIR === '1') {
    process.stderr.write(`test services stopped; kept ${state.dir}\n`);
    return;
  }
  rmSync(state.dir, { recursive: true, force: true });
}

function startReaper(stateFile: string): number | undefined {
  const reaper = spawn(process.execPath, [join(__dirname, 'reaper.js'), String(process.pid), stateFile], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env },
  });
  reaper.unref();
  return reaper.pid;
}
