import { type ComponentName, SeriesDetector, SeriesRegime } from '@preempt/detection';
import { DeviceRelationshipDetector } from '@preempt/detection/multivariate/device-relationship-detector';

import { parseNumber, parseTimestamp, splitCsvLine } from './csv-input';

/** Parsed command line of `npm run detect`. */
export interface DetectArgs {
  file: string;
  column: string | null;
}

export const usage = 'usage: npm run detect -- FILE.csv [--column NAME]';

/** Validates the CLI arguments; throws an Error with a readable message. */
export function parseDetectArgs(argv: string[]): DetectArgs {
  let file: string | null = null;
  let column: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--column') {
      const name = argv[++i];
      if (name === undefined || name.startsWith('--')) throw new Error('--column needs a column name');
      column = name;
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else if (file === null) {
      file = arg;
    } else {
      throw new Error(`unexpected argument ${arg} (only one FILE)`);
    }
  }
  if (file === null) throw new Error('missing FILE');
  return { file, column };
}

/**
 * Scores CSV rows line by line: each numeric column has its own SeriesDetector, the row score is the max
 * over columns (component of the max); with several columns a DeviceRelationshipDetector sees the row too.
 * `abnormal` (0/1) is the state with hysteresis: 1 from an alert until the signal is back in its old regime
 * (or the shift is accepted), though the point scores fall back as the detector learns a lasting change.
 *
 * @example
 * const s = new CsvScorer(null);
 * s.header('timestamp,cpu'); // 'timestamp,cpu,anomaly_score,component,abnormal'
 * s.row('2026-01-01 00:00:00,12.5', 2); // '2026-01-01 00:00:00,12.5,0,,0'
 */
export class CsvScorer {
  private tsIndex = -1;
  private columns: Array<{ name: string; index: number; detector: SeriesDetector; regime: SeriesRegime }> =
    [];
  private relationships: DeviceRelationshipDetector | null = null;

  constructor(private readonly column: string | null) {}

  /** Reads the header line; returns the output header. */
  header(line: string): string {
    const names = splitCsvLine(line).map((c) => c.trim());
    this.tsIndex = names.indexOf('timestamp');
    if (this.tsIndex < 0) throw new Error(`no 'timestamp' column in header: ${line}`);
    const wanted = this.column === null ? names.filter((_, i) => i !== this.tsIndex) : [this.column];
    for (const name of wanted) {
      const index = names.indexOf(name);
      if (index < 0 || index === this.tsIndex)
        throw new Error(`no numeric column '${name}' in header: ${line}`);
      this.columns.push({ name, index, detector: new SeriesDetector(), regime: new SeriesRegime() });
    }
    if (this.columns.length === 0) throw new Error('no value columns next to timestamp');
    if (this.columns.length > 1) this.relationships = new DeviceRelationshipDetector();
    return `${line},anomaly_score,component,abnormal`;
  }

  /** Scores one data line (lineNo is 1-based, for error messages); returns the output line. */
  row(line: string, lineNo: number): string {
    const cells = splitCsvLine(line);
    const ts = parseTimestamp(cells[this.tsIndex] ?? '');
    if (ts === null) throw new Error(`line ${lineNo}: bad timestamp '${cells[this.tsIndex] ?? ''}'`);
    let best = 0;
    let component: ComponentName | null = null;
    // the row is abnormal while any column is (libs/detection SeriesRegime) or the relationship is
    let abnormal = false;
    for (const c of this.columns) {
      const value = parseNumber(cells[c.index] ?? '');
      if (value === null)
        throw new Error(
          `line ${lineNo}: column '${c.name}' is not a finite number: '${cells[c.index] ?? ''}'`,
        );
      const a = c.detector.update(ts, value);
      if (a.score > best || component === null) [best, component] = [a.score, a.component];
      const state = c.regime.update({
        value,
        score: a.score,
        expected: a.expected,
        spread: (a.band.upper - a.expected) / 3,
        seasonal: c.detector.cycles.component(ts),
        ts,
      });
      abnormal ||= state;
      const m = this.relationships?.update(ts, c.name, value);
      if (m && m.score > best) [best, component] = [m.score, m.component];
    }
    if (this.relationships?.abnormal) abnormal = true;
    return `${line},${best},${component ?? ''},${abnormal ? 1 : 0}`;
  }
}
