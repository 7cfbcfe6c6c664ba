import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes (Linux /proc), 0 when gone. */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `everyMs`; `stop()` returns the peak and the last sample. */
export function sampleRss(pid: number, everyMs = 100): { stop(): { peak: number; last: number } } {
  let peak = 0;
  let last = 0;
  const timer = setInterval(() => {
    last = rssOf(pid) || last;
    peak = Math.max(peak, last);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { peak, last };
    },
  };
}

/** Starts `node <script>` with env; resolves once `readyLine` appears in its output. */
export function startNode(
  script: string,
  env: Record<string, string>,
  readyLine: RegExp,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let ready = false;
    // Keep draining both pipes after ready, or the child blocks once a pipe buffer is full.
    const onData = (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (readyLine.test(output)) {
        ready = true;
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`${script} exited with ${code} before ready:\n${output}`));
    });
  });
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** The p-th percentile (0-100) of `values` by nearest rank; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc); 0 when gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (fields 14 and 15 of proc(5)), in clock ticks (100 Hz)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The 1-minute load average (Linux /proc/loadavg). */
export function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

/**
 * Sum of a Prometheus counter or gauge over all its label sets in a /metrics text, optionally only the
 * samples whose labels contain every one of `labels` (e.g. `type="anomaly"`).
 *
 * @example
 * metricValue('x_total{a="1"} 2\nx_total{a="2"} 3', 'x_total') // 5
 */
export function metricValue(text: string, name: string, labels: string[] = []): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (!labels.every((label) => rest.includes(label))) continue;
    sum += Number(rest.slice(rest.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}
