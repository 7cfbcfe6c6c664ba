export type ServiceName = 'mosquitto' | 'influxdb' | 'postgres';

/**
 * Everything needed to (re)start one private service, as plain data: it is written to the state file
 * (PREEMPT_TEST_STATE) so test files, teardown and the reaper can act on the same process.
 */
export interface ServiceSpec {
  name: ServiceName;
  /** Loopback port clients connect to. */
  port: number;
  /** Client URL: mqtt://127.0.0.1:P, http://127.0.0.1:P, postgres://preempt@127.0.0.1:P/preempt_test. */
  url: string;
  /** This service's own directory (config, data, log) inside the run's temp dir. */
  dir: string;
  /** Absolute path of the binary and its arguments: the restart command. */
  command: string;
  args: string[];
  /** Extra environment for the process (on top of the harness's own). */
  env: Record<string, string>;
  /** Unprivileged user the process runs as when the harness runs as root (postgres refuses root). */
  uid?: number;
  gid?: number;
  /** Graceful stop, sent to the process itself (SIGINT for postgres: "fast" shutdown, not waiting for clients). */
  stopSignal: NodeJS.Signals;
  /** stdout and stderr of the process go here. */
  logFile: string;
  /** Process (and process group) id while running; absent when stopped. */
  pid?: number;
}

/** What services.ts and test-services.ts hand out. */
export interface ServiceHandle {
  readonly name: ServiceName;
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** Current process id, undefined while stopped. */
  readonly pid: number | undefined;
  /** Starts the service again on the same port and data directory; resolves when it is ready. */
  start(): Promise<void>;
  /** Stops it gracefully (spec.stopSignal, then SIGKILL to its group after 15 s); resolves when it is gone. */
  stop(): Promise<void>;
  /** A copy of the spec (restart command, pid, log file). */
  spec(): ServiceSpec;
}
