import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { expectEventually } from '../harness/expect-eventually';
import { freePort } from '../harness/free-port';

export const ROOT = resolve(__dirname, '../..');
export type AppName = 'ingest' | 'detector' | 'tickets' | 'platform';

const MAX_LOG_LINES = 400;

/** dist/apps/<app>/src/main.js, or a clear error when the build is missing. */
export function builtMain(app: AppName): string {
  const script = resolve(ROOT, 'dist/apps', app, 'src/main.js');
  if (!existsSync(script))
    throw new Error(
      `${script} is missing: build first with \`npx nest build platform\` (\`npm test\` builds before the integration tests)`,
    );
  return script;
}

/**
 * One app as its own Node process, started from the build (`node dist/apps/<app>/src/main.js`) on a free
 * HTTP port, ready when /readyz answers 200. Keeps the last lines of its output for diagnostics. `start()`
 * again after `kill()` restarts it with the same environment (same MQTT client id: same session).
 */
export class AppProcess {
  private child?: ChildProcess;
  private lines: string[] = [];
  private port = 0;
  starts = 0;

  constructor(
    readonly app: AppName,
    private readonly env: Record<string, string>,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Output lines (stdout and stderr) of every start so far, the latest at the end. */
  logs(): string[] {
    return [...this.lines];
  }

  async start(): Promise<void> {
    const script = builtMain(this.app);
    this.port ||= await freePort();
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    this.lines.push(`--- start #${this.starts} (pid ${child.pid}) ---`);
    // keep draining both pipes, or the child blocks once a pipe buffer is full
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => {
        this.lines.push(...chunk.toString().split('\n').filter(Boolean));
        if (this.lines.length > MAX_LOG_LINES) this.lines.splice(0, this.lines.length - MAX_LOG_LINES);
      });
    await expectEventually(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(
            `${this.app} exited (${child.exitCode ?? child.signalCode}) before ready:\n${this.tail()}`,
          );
        const response = await fetch(`${this.baseUrl}/readyz`);
        if (response.status !== 200) throw new Error(`${this.app} /readyz answered ${response.status}`);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    ).catch((error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${this.app} did not become ready: ${error.message}\n${this.tail()}`);
    });
  }

  /** Kills the process with `signal` (SIGKILL: no shutdown hook runs) and waits until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill(signal);
    await exited;
  }

  /** Graceful stop (SIGTERM), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await this.kill('SIGTERM');
    clearTimeout(timer);
  }

  /**
   * Prometheus text of /metrics parsed into `name{labels}` -> value. A connection the app closed as idle just
   * as the request reused it ("other side closed": Node's keep-alive race) is retried once, on a fresh one;
   * an app that is not running fails with its last output.
   */
  async metrics(): Promise<Map<string, number>> {
    const get = () => fetch(`${this.baseUrl}/metrics`, { headers: { connection: 'close' } });
    let response: Response;
    try {
      response = await get();
    } catch (error) {
      if (!this.running) throw new Error(`${this.app} is not running:\n${this.tail()}`, { cause: error });
      response = await get();
    }
    const text = await response.text();
    const values = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      const space = line.lastIndexOf(' ');
      values.set(line.slice(0, space), Number(line.slice(space + 1)));
    }
    return values;
  }

  /** Sum of every sample of one metric (all label sets). */
  async metricSum(name: string): Promise<number> {
    let sum = 0;
    for (const [key, value] of await this.metrics())
      if (key === name || key.startsWith(`${name}{`)) sum += value;
    return sum;
  }

  tail(lines = 40): string {
    return this.lines.slice(-lines).join('\n');
  }
}
