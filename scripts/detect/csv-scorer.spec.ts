import { parseNumber, parseTimestamp, splitCsvLine } from './csv-input';
import { CsvScorer, parseDetectArgs } from './csv-scorer';

describe('parseDetectArgs', () => {
  it('accepts FILE and an optional --column', () => {
    expect(parseDetectArgs(['a.csv'])).toEqual({ file: 'a.csv', column: null });
    expect(parseDetectArgs(['a.csv', '--column', 'cpu'])).toEqual({ file: 'a.csv', column: 'cpu' });
  });

  it.each([
    [[], /missing FILE/],
    [['a.csv', '--column'], /needs a column name/],
    [['a.csv', '--bogus'], /unknown option/],
    [['a.csv', 'b.csv'], /only one FILE/],
  ])('rejects %p', (argv, message) => {
    expect(() => parseDetectArgs(argv)).toThrow(message);
  });
});

describe('CSV cells', () => {
  it.each([
    ['2014-07-01 00:30:00', Date.UTC(2014, 6, 1, 0, 30)],
    ['2014-07-01T00:30:00Z', Date.UTC(2014, 6, 1, 0, 30)],
    ['2014-07-01T02:30:00+02:00', Date.UTC(2014, 6, 1, 0, 30)],
    ['2014-04-10 07:15:00.000000', Date.UTC(2014, 3, 10, 7, 15)],
    ['1404174600', Date.UTC(2014, 6, 1, 0, 30)],
    ['1404174600000', Date.UTC(2014, 6, 1, 0, 30)],
    ['yesterday', null],
    ['', null],
  ])('timestamp %p -> %p', (cell, ms) => {
    expect(parseTimestamp(cell)).toBe(ms);
  });

  it('parses numbers strictly', () => {
    expect(parseNumber(' -1.5e3 ')).toBe(-1500);
    for (const bad of ['', 'NaN', 'Infinity', '12abc', '0x10']) expect(parseNumber(bad)).toBeNull();
  });

  it('splits quoted cells', () => {
    expect(splitCsvLine('a,"b,c","d""e"')).toEqual(['a', 'b,c', 'd"e']);
  });
});

describe('CsvScorer', () => {
  it('appends anomaly_score, component and abnormal to every row', () => {
    const s = new CsvScorer(null);
    expect(s.header('timestamp,cpu,temp')).toBe('timestamp,cpu,temp,anomaly_score,component,abnormal');
    expect(s.row('2026-01-01 00:00:00,1,2', 2)).toBe('2026-01-01 00:00:00,1,2,0,,0');
  });

  it('keeps a persisting fault abnormal (1) while its point scores fall back, until it ends', () => {
    const s = new CsvScorer('cpu');
    s.header('timestamp,cpu');
    const rows: Array<{ score: number; abnormal: string }> = [];
    let x = 7;
    for (let i = 0; i < 1700; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const value = 40 + (i >= 1000 && i < 1400 ? 20 : 0) + (x / 2147483648 - 0.5) * 2;
      const ts = new Date(Date.UTC(2026, 0, 5) + i * 60_000).toISOString();
      const cells = s.row(`${ts},${value}`, i + 2).split(',');
      rows.push({ score: Number(cells[2]), abnormal: cells[4] });
    }
    expect(rows.slice(900, 1000).every((r) => r.abnormal === '0')).toBe(true);
    const onset = rows.findIndex((r, i) => i >= 1000 && r.abnormal === '1');
    expect(onset).toBeLessThan(1005);
    expect(Math.max(...rows.slice(1100, 1400).map((r) => r.score))).toBeLessThan(0.5);
    expect(rows.slice(onset, 1400).every((r) => r.abnormal === '1')).toBe(true);
    expect(rows.slice(1450).every((r) => r.abnormal === '0')).toBe(true);
  });

  it('fails clearly on a missing column, a bad timestamp or a bad value', () => {
    expect(() => new CsvScorer('mem').header('timestamp,cpu')).toThrow(/no numeric column 'mem'/);
    expect(() => new CsvScorer(null).header('time,cpu')).toThrow(/no 'timestamp' column/);
    const s = new CsvScorer('cpu');
    s.header('timestamp,cpu');
    expect(() => s.row('not-a-time,1', 7)).toThrow(/line 7: bad timestamp/);
    expect(() => s.row('2026-01-01 00:00:00,abc', 8)).toThrow(/line 8: column 'cpu'/);
  });
});
