/**
 * Parses a timestamp cell: ISO 8601, 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC when no zone is given), or epoch
 * seconds / milliseconds (values below 1e11 are seconds). Returns epoch ms, or null when unparseable.
 *
 * @example
 * parseTimestamp('2014-07-01 00:30:00'); // 1404174600000
 * parseTimestamp('1404174600');          // 1404174600000
 */
export function parseTimestamp(cell: string): number | null {
  const text = cell.trim();
  if (text === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    return Math.abs(n) < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  const iso = m ? `${m[1]}T${trimFraction(m[2])}${m[3] ?? 'Z'}` : text;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

// Date.parse accepts at most millisecond precision reliably.
function trimFraction(time: string): string {
  return time.replace(/(\.\d{3})\d+$/, '$1');
}

/** Splits one CSV line (RFC 4180 quotes supported, no embedded newlines). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/** Parses a numeric cell strictly: finite decimal numbers only (no '', 'NaN', 'Infinity', '12abc'). */
export function parseNumber(cell: string): number | null {
  const text = cell.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
