import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { freePort } from './free-port';
import { ManagedService } from './managed-service';
import { POSTGRES_USER, TEST_DATABASE } from './readiness';
import type { ServiceHandle, ServiceSpec } from './service-spec';
import { giveToServiceUser, type ServiceIds, serviceIds } from './service-user';

export { freePort } from './free-port';
export { POSTGRES_USER, TEST_DATABASE } from './readiness';
export type { ServiceHandle, ServiceName, ServiceSpec } from './service-spec';

/** Options shared by the start functions. */
export interface StartOptions {
  /** Fixed port (default: a free one). */
  port?: number;
  /** Called with the new spec after every start/stop (the stack uses it to keep the state file current). */
  onChange?: (spec: ServiceSpec) => void;
}

const TEMPLATES = join(__dirname, 'templates');

/**
 * Starts a private Mosquitto in `<baseDir>/mosquitto` (config, persistence, log) on a free loopback port,
 * and resolves once it accepts an MQTT CONNECT.
 *
 * @example
 * const broker = await startMosquitto(tmp); // broker.url === 'mqtt://127.0.0.1:41237'
 * await broker.stop();
 */
export async function startMosquitto(baseDir: string, options: StartOptions = {}): Promise<ServiceHandle> {
  const ids = serviceIds();
  const dir = serviceDir(baseDir, 'mosquitto', ids);
  const port = options.port ?? (await freePort());
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, render('mosquitto.conf', { PORT: port, DIR: dir }));
  return launch(
    {
      name: 'mosquitto',
      port,
      url: `mqtt://127.0.0.1:${port}`,
      dir,
      command: findBinary('mosquitto', ['/usr/sbin']),
      args: ['-c', config],
      env: {},
      ...ids,
      stopSignal: 'SIGTERM',
      logFile: join(dir, 'mosquitto.log'),
    },
    options,
  );
}

/**
 * Starts a private InfluxDB 1.x in `<baseDir>/influxdb` (meta, data, wal) with HTTP and the backup RPC on
 * free loopback ports, and resolves once /ping answers and the `preempt_test` database exists.
 *
 * @example
 * const influx = await startInflux(tmp); // POST `${influx.url}/write?db=preempt_test`
 */
export async function startInflux(baseDir: string, options: StartOptions = {}): Promise<ServiceHandle> {
  const ids = serviceIds();
  const dir = serviceDir(baseDir, 'influxdb', ids);
  const port = options.port ?? (await freePort());
  const rpcPort = await freePort();
  const config = join(dir, 'influxdb.conf');
  writeFileSync(config, render('influxdb.conf', { HTTP_PORT: port, RPC_PORT: rpcPort, DIR: dir }));
  return launch(
    {
      name: 'influxdb',
      port,
      url: `http://127.0.0.1:${port}`,
      dir,
      command: findBinary('influxd', ['/usr/bin']),
      args: ['run', '-config', config],
      env: {},
      ...ids,
      stopSignal: 'SIGTERM',
      logFile: join(dir, 'influxdb.log'),
    },
    options,
  );
}

/**
 * Starts a private PostgreSQL in `<baseDir>/postgres` (initdb on first use, trust auth for user `preempt`,
 * socket in the same dir, fsync off) on a free loopback port, and resolves once `preempt_test` exists.
 * Runs the server binary directly (what `pg_ctl start` would run) so its pid is the handle's pid.
 *
 * @example
 * const pg = await startPostgres(tmp); // pg.url === 'postgres://preempt@127.0.0.1:41238/preempt_test'
 */
export async function startPostgres(baseDir: string, options: StartOptions = {}): Promise<ServiceHandle> {
  const ids = serviceIds();
  const dir = serviceDir(baseDir, 'postgres', ids);
  const port = options.port ?? (await freePort());
  const binDir = process.env.PREEMPT_PG_BINDIR ?? '/usr/lib/postgresql/15/bin';
  const data = join(dir, 'data');
  const env = { LC_ALL: 'C', PGTZ: 'UTC', TZ: 'UTC' };
  if (!existsSync(join(data, 'PG_VERSION'))) {
    const initdb = [
      '-D',
      data,
      '-U',
      POSTGRES_USER,
      '--auth=trust',
      '--no-sync',
      '--no-locale',
      '-E',
      'UTF8',
    ];
    execFileSync(join(binDir, 'initdb'), initdb, { env: { ...process.env, ...env }, stdio: 'pipe', ...ids });
  }
  const settings = [
    'listen_addresses=127.0.0.1',
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
  ];
  return launch(
    {
      name: 'postgres',
      port,
      url: `postgres://${POSTGRES_USER}@127.0.0.1:${port}/${TEST_DATABASE}`,
      dir,
      command: join(binDir, 'postgres'),
      args: ['-D', data, '-p', String(port), '-k', dir, ...settings.flatMap((s) => ['-c', s])],
      env,
      ...ids,
      stopSignal: 'SIGINT',
      logFile: join(dir, 'postgres.log'),
    },
    options,
  );
}

async function launch(spec: ServiceSpec, options: StartOptions): Promise<ServiceHandle> {
  const service = new ManagedService(spec, options.onChange);
  await service.start();
  return service;
}

function serviceDir(baseDir: string, name: string, ids: ServiceIds | undefined): string {
  const dir = join(baseDir, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  giveToServiceUser(dir, ids);
  return dir;
}

function render(template: string, values: Record<string, string | number>): string {
  const text = readFileSync(join(TEMPLATES, template), 'utf8');
  return text.replace(/\{\{(\w+)\}\}/g, (match, key: string) => {
    if (!(key in values)) throw new Error(`template ${template}: no value for ${match}`);
    return String(values[key]);
  });
}

/** First executable `name` on PATH, then in `fallbackDirs` (a user's PATH may lack /usr/sbin). */
function findBinary(name: string, fallbackDirs: string[]): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...fallbackDirs];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(`${name} not found; run bash tests/harness/ensure-services.sh`);
}
