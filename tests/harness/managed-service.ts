import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

import { probeReady } from './readiness';
import type { ServiceHandle, ServiceSpec } from './service-spec';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;

/** Process groups started or adopted in this process: killed if the process exits without stopping them. */
const running = new Set<number>();
process.on('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
});

/**
 * One private service process, started detached in its own process group so that stop() (and the
 * reaper) can kill it with everything it forked. Built from a plain ServiceSpec, so a handle in a test
 * file can stop and restart a process that global setup started.
 */
export class ManagedService implements ServiceHandle {
  private current: ServiceSpec;

  constructor(
    spec: ServiceSpec,
    private readonly onChange: (spec: ServiceSpec) => void = () => undefined,
  ) {
    this.current = { ...spec, args: [...spec.args], env: { ...spec.env } };
    if (this.current.pid !== undefined && isAlive(this.current.pid)) running.add(this.current.pid);
  }

  get name() {
    return this.current.name;
  }
  get port() {
    return this.current.port;
  }
  get url() {
    return this.current.url;
  }
  get dir() {
    return this.current.dir;
  }
  get pid() {
    return this.current.pid;
  }

  spec(): ServiceSpec {
    return { ...this.current, args: [...this.current.args], env: { ...this.current.env } };
  }

  async start(): Promise<void> {
    const { pid } = this.current;
    if (pid !== undefined && isAlive(pid)) throw new Error(`${this.name} is already running (pid ${pid})`);

    const child = this.spawnDetached();
    const started = child.pid;
    if (started === undefined) throw new Error(`${this.name}: spawn failed (${this.current.command})`);
    running.add(started);
    this.update({ pid: started });

    let exitCode: number | null | undefined;
    child.once('exit', (code, signal) => (exitCode = code ?? (signal ? -1 : null)));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) break;
      try {
        await probeReady(this.current);
        return;
      } catch (error) {
        lastError = error;
      }
      await sleep(100);
    }
    await this.stop();
    const why =
      exitCode !== undefined ? `exited (code ${exitCode})` : `not ready after ${READY_TIMEOUT_MS} ms`;
    throw new Error(
      `${this.name} ${why}: ${String(lastError)}\n--- ${this.current.logFile}:\n${logTail(this.current.logFile)}`,
    );
  }

  async stop(): Promise<void> {
    const { pid } = this.current;
    if (pid === undefined) return;
    try {
      process.kill(pid, this.current.stopSignal);
    } catch {
      // already gone
    }
    const deadline = Date.now() + STOP_GRACE_MS;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    // Whatever is left in the group (a straggling child, or a leader that ignored SIGTERM).
    signalGroup(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(20);
    running.delete(pid);
    this.update({ pid: undefined });
  }

  private spawnDetached() {
    const log = openSync(this.current.logFile, 'a');
    try {
      const child = spawn(this.current.command, this.current.args, {
        cwd: this.current.dir,
        env: { ...process.env, ...this.current.env },
        detached: true,
        stdio: ['ignore', log, log],
        uid: this.current.uid,
        gid: this.current.gid,
      });
      child.on('error', () => undefined); // reported through the exit code / readiness timeout
      child.unref();
      return child;
    } finally {
      closeSync(log);
    }
  }

  private update(change: Partial<ServiceSpec>): void {
    this.current = { ...this.current, ...change };
    this.onChange(this.spec());
  }
}

/** Sends `signal` to the process group led by `pid`; a group that is already gone is fine. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left to signal.
  }
}

/** True while `pid` exists and is not a zombie (a reaped-late child must not look alive). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
