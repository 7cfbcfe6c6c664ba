import { readFileSync, renameSync, writeFileSync } from 'node:fs';

import type { ServiceName, ServiceSpec } from './service-spec';

/**
 * The JSON file named by PREEMPT_TEST_STATE: where the run's services are and how to restart them.
 * Handles rewrite their entry on every start/stop, so teardown and the reaper kill the right pids.
 */
export interface TestState {
  version: 1;
  /** The run's temp dir (removed by teardown unless KEEP_TEST_SERVICES_DIR=1). */
  dir: string;
  /** The process that started the services (the jest main process). */
  ownerPid: number;
  /** Watchdog that stops the services if the owner dies without teardown. */
  reaperPid?: number;
  services: Record<ServiceName, ServiceSpec>;
}

export function readState(file: string): TestState {
  return JSON.parse(readFileSync(file, 'utf8')) as TestState;
}

/** Writes atomically (temp file + rename): the reaper may read at any moment. */
export function writeState(file: string, state: TestState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

export function updateServiceInState(file: string, spec: ServiceSpec): void {
  const state = readState(file);
  writeState(file, { ...state, services: { ...state.services, [spec.name]: spec } });
}
