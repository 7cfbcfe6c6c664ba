/**
 * NAB runner: streams every NAB data file through the default SeriesDetector (one pass, file order, no look-ahead,
 * the same parameters for every file, nothing fit on labels), writes results/nab/<category>/<name>.csv, then
 * scores them with ../shared/tools/nab-score (--optimize, and a fixed threshold chosen a priori).
 *
 * Usage: npm run nab [-- --data DIR] [--results DIR] [--threshold T]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { SeriesDetector, type SeriesDetectorOptions } from '@preempt/detection';

import { parseNumber, parseTimestamp } from '../detect/csv-input';

const repoRoot = resolve(__dirname, '..', '..');
// 0.5 on the likelihood's log scale = tail probability 1e-5: about one false alarm per 100,000 normal samples.
const FIXED_THRESHOLD = 0.5;
const PROFILES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const;

interface Args {
  data: string;
  results: string;
  threshold: number;
  /** JSON overrides of the detector options, applied identically to every file (design comparisons only) */
  options: Partial<SeriesDetectorOptions>;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    data: resolve(repoRoot, '../shared/datasets/nab/data'),
    results: resolve(repoRoot, 'results/nab'),
    threshold: FIXED_THRESHOLD,
    options: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value for ${flag}`);
    if (flag === '--data') args.data = resolve(value);
    else if (flag === '--results') args.results = resolve(value);
    else if (flag === '--threshold') args.threshold = Number(value);
    else if (flag === '--options') args.options = JSON.parse(value) as Partial<SeriesDetectorOptions>;
    else throw new Error(`unknown argument ${flag}`);
    i++;
  }
  return args;
}

/** Scores one file; returns the number of rows. */
function runFile(input: string, output: string, options: Partial<SeriesDetectorOptions>): number {
  const lines = readFileSync(input, 'utf8').split(/\r?\n/);
  const detector = new SeriesDetector(options);
  const out: string[] = ['timestamp,value,anomaly_score'];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const [tsCell, valueCell] = lines[i].split(',');
    const ts = parseTimestamp(tsCell);
    const value = parseNumber(valueCell);
    if (ts === null || value === null) throw new Error(`${input}:${i + 1}: bad row '${lines[i]}'`);
    out.push(`${tsCell},${valueCell},${detector.update(ts, value).score}`);
  }
  writeFileSync(output, out.join('\n') + '\n');
  return out.length - 1;
}

function score(results: string, dataDir: string, mode: string[]): Record<string, unknown> {
  const scorer = resolve(repoRoot, '../shared/tools/nab-score');
  const nabDir = resolve(dataDir, '..');
  const stdout = execFileSync(scorer, ['--results', results, '--data', nabDir, ...mode], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const last = stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Record<string, unknown>;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  let rows = 0;
  for (const category of readdirSync(args.data).sort()) {
    mkdirSync(join(args.results, category), { recursive: true });
    for (const file of readdirSync(join(args.data, category)).sort()) {
      if (!file.endsWith('.csv')) continue;
      rows += runFile(join(args.data, category, file), join(args.results, category, file), args.options);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.error(
    `scored ${rows} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} rows/s incl. I/O)`,
  );

  const optimized = score(args.results, args.data, ['--optimize']);
  const fixed = score(args.results, args.data, ['--threshold', String(args.threshold)]);
  type Scores = Record<(typeof PROFILES)[number], number | null>;
  const pick = (r: Record<string, unknown>): Scores =>
    Object.fromEntries(PROFILES.map((p) => [p, extractScore(r, p)])) as Scores;
  const summary = { rows, optimize: pick(optimized), fixed: { threshold: args.threshold, ...pick(fixed) } };
  console.error('\nprofile                optimize    fixed@' + String(args.threshold));
  for (const p of PROFILES) {
    console.error(`${p.padEnd(22)} ${fmt(summary.optimize[p])}    ${fmt(summary.fixed[p])}`);
  }
  console.log(JSON.stringify({ nab: summary, raw: { optimize: optimized, fixed } }));
}

function extractScore(result: Record<string, unknown>, profile: string): number | null {
  const entry = (result.profiles as Record<string, { normalized?: unknown }> | undefined)?.[profile];
  return typeof entry?.normalized === 'number' ? entry.normalized : null;
}

function fmt(v: number | null | undefined): string {
  return typeof v === 'number' ? v.toFixed(2).padStart(8) : '     n/a';
}

main();
