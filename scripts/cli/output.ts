import type { CreatedKey, KeyRecord, Ticket, TicketDetail } from './api-types';

export const OUTPUT_FORMATS = ['table', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** How many characters of a ticket id the table shows (and a prefix must have). */
export const SHORT_ID_LENGTH = 8;

// C0 and C1 control characters: a comment or a device id must not drive the terminal (escape sequences).

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const C1 = /[\u007f-\u009f]/g;

/** Text from the server, safe for a terminal and one line: tabs and line breaks become spaces, other controls `?`. */
export function clean(text: string | null | undefined): string {
  return (text ?? '').replace(CONTROL, (c) => ('\t\n\r'.includes(c) ? ' ' : '?'));
}

/** Pretty JSON with a final newline; C1 controls escaped too (JSON.stringify leaves them raw). */
export function toJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2).replace(
    C1,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${json}\n`;
}

/**
 * Columns padded to their widest cell, two spaces apart, no trailing blanks; cells are cleaned.
 *
 * @example table(['A', 'B'], [['x', 'yy']]) // 'A  B\nx  yy\n'
 */
export function table(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows].map((row) => row.map(clean));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** '2026-01-05T16:00:00.000Z' -> '2026-01-05T16:00Z'; null -> '-'. */
export function minute(iso: string | null): string {
  if (iso === null) return '-';
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z$/.exec(iso);
  return match ? `${match[1]}Z` : iso;
}

/** How far `iso` is from now: 'in 5h 3m', '2d ago', 'now'. */
export function relative(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (Number.isNaN(ms)) return '?';
  if (minutes === 0) return 'now';
  const span =
    minutes < 60
      ? `${minutes}m`
      : minutes < 48 * 60
        ? `${Math.floor(minutes / 60)}h ${minutes % 60}m`
        : `${Math.round(minutes / 1440)}d`;
  return ms > 0 ? `in ${span}` : `${span} ago`;
}

/** '2026-01-05T16:00Z (in 6h 0m)'; null -> '-'. */
export function when(iso: string | null, now: number): string {
  return iso === null ? '-' : `${minute(iso)} (${relative(iso, now)})`;
}

export function keysTable(items: KeyRecord[]): string {
  return table(
    ['ID', 'NAME', 'ROLE', 'TENANT', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'],
    items.map((k) => [
      k.id,
      k.name,
      k.role,
      k.tenant ?? '-',
      k.prefix,
      minute(k.createdAt),
      minute(k.lastUsedAt),
      minute(k.revokedAt),
    ]),
  );
}

/** The details of a created key, for stderr: never the key itself (that goes alone to stdout). */
export function createdKeyDetails(created: CreatedKey): string {
  const { id, name, role, tenant, prefix } = created;
  return (
    table(
      ['created key', ''],
      [
        ['id', id],
        ['name', name],
        ['role', role],
        ['tenant', tenant ?? '-'],
        ['prefix', prefix],
      ],
    ) +
    'The key is shown once, on stdout: store it now. It cannot be shown again (revoke it: keys revoke ID).\n'
  );
}

export function ticketsTable(items: Ticket[], now: number): string {
  return table(
    ['ID', 'TENANT/DEVICE', 'FAILURE MODE', 'SEVERITY', 'STATUS', 'PREDICTED BREACH'],
    items.map((t) => [
      t.id.slice(0, SHORT_ID_LENGTH),
      `${t.tenant}/${t.device}`,
      t.failureMode,
      t.severity,
      t.status,
      when(t.predictedBreachAt, now),
    ]),
  );
}

/** A ticket's fields, its evidence and its audit trail. */
export function ticketDetail(t: TicketDetail, now: number): string {
  const band = t.predictedBreachBand
    ? `, between ${minute(t.predictedBreachBand.earliest)} and ${minute(t.predictedBreachBand.latest)}`
    : '';
  const resolved = t.resolvedAt === null ? '-' : `${when(t.resolvedAt, now)}, ${t.resolution ?? 'manual'}`;
  const fields = table(
    ['ticket', t.id],
    [
      ['tenant/device', `${t.tenant}/${t.device}`],
      ['failure mode', t.failureMode],
      ['severity', t.severity],
      ['status', t.status],
      ['detected', when(t.detectedAt, now)],
      ['updated', when(t.updatedAt, now)],
      ['predicted breach', `${when(t.predictedBreachAt, now)}${band}`],
      ['occurrences', String(t.occurrenceCount)],
      ['recommended action', t.recommendedAction ?? '-'],
      ['resolved', resolved],
      ['version', String(t.version)],
    ],
  );
  const evidence = table(
    ['METRIC', 'EVENT', 'OBSERVED', 'EXPECTED'],
    t.evidence.map((e) => [e.metric, e.eventType, String(e.observed), String(e.expected)]),
  );
  const audit = table(
    ['SEQ', 'AT', 'ACTION', 'STATUS', 'ACTOR', 'COMMENT'],
    t.audit.map((a) => [
      String(a.seq),
      minute(a.at),
      a.action,
      a.fromStatus === null && a.toStatus === null ? '-' : `${a.fromStatus ?? '-'} -> ${a.toStatus ?? '-'}`,
      a.actor,
      a.comment ?? '-',
    ]),
  );
  return `${fields}\nevidence\n${evidence}\naudit\n${audit}`;
}
