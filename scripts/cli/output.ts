import type {
  CreatedKey,
  Feedback,
  KeyRecord,
  MaintenanceWindow,
  OccurrenceTimes,
  Silence,
  Ticket,
  TicketDetail,
} from './api-types';

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

/** 90 -> '1h30m', 2880 -> '2d', 45 -> '45m': the --duration syntax. */
export function minutesText(total: number): string {
  const parts = [
    [Math.floor(total / 1440), 'd'],
    [Math.floor((total % 1440) / 60), 'h'],
    [total % 60, 'm'],
  ] as const;
  const text = parts
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join('');
  return text === '' ? '0m' : text;
}

/** Which devices: a list, a site, or all of the tenant's. */
function windowScope(w: MaintenanceWindow): string {
  if (w.devices !== null && w.devices.length > 0)
    return w.site === null ? w.devices.join(',') : `${w.devices.join(',')} + site ${w.site}`;
  return w.site === null ? 'all devices' : `site ${w.site}`;
}

/** '2027-03-28T01:30 Europe/Paris 2h FREQ=WEEKLY;BYDAY=SU' ('once' without a rule). */
function windowSchedule(w: MaintenanceWindow): string {
  return `${w.start} ${w.timeZone} ${minutesText(w.durationMinutes)} ${w.rrule ?? 'once'}`;
}

function span(occurrence: OccurrenceTimes | null): string {
  return occurrence === null ? '-' : `${minute(occurrence.start)} to ${minute(occurrence.end)}`;
}

/** 'now, until 2027-03-28T02:30Z (in 1h 0m)', or the next start, or '-'. */
function windowNext(w: MaintenanceWindow, now: number): string {
  if (w.currentOccurrence !== null) return `now, until ${when(w.currentOccurrence.end, now)}`;
  return w.nextOccurrence === null ? '-' : when(w.nextOccurrence.start, now);
}

export function windowsTable(items: MaintenanceWindow[], now: number): string {
  return table(
    ['ID', 'TENANT', 'SCOPE', 'SCHEDULE', 'ACTIVE', 'NEXT'],
    items.map((w) => [
      w.id,
      w.tenant,
      windowScope(w),
      windowSchedule(w),
      w.active ? 'yes' : 'no',
      windowNext(w, now),
    ]),
  );
}

/** One line for create, update: what, and when it runs next. */
export function windowSummary(verb: string, w: MaintenanceWindow, now: number): string {
  return (
    clean(
      `${verb} window ${w.id} (${w.tenant}, ${windowScope(w)}): ${windowSchedule(w)}; next: ${windowNext(w, now)}`,
    ) + '\n'
  );
}

export function windowDetail(w: MaintenanceWindow, now: number): string {
  return table(
    ['window', w.id],
    [
      ['tenant', w.tenant],
      ['devices', w.devices === null || w.devices.length === 0 ? '-' : w.devices.join(', ')],
      ['site', w.site ?? '-'],
      ['start', `${w.start} (local time, ${w.timeZone})`],
      ['duration', minutesText(w.durationMinutes)],
      ['repeats', w.rrule ?? 'no (once)'],
      ['comment', w.comment],
      ['active', w.active ? 'yes' : 'no'],
      ['current', span(w.currentOccurrence)],
      [
        'next',
        w.nextOccurrence === null
          ? '-'
          : `${span(w.nextOccurrence)} (${relative(w.nextOccurrence.start, now)})`,
      ],
      ['created', `${when(w.createdAt, now)} by ${w.createdBy}`],
      ['updated', when(w.updatedAt, now)],
      ['version', String(w.version)],
    ],
  );
}

/** 'device=rtr-01 failureMode=overheating', 'every ticket' when it matches on the tenant alone. */
function matchers(s: Silence): string {
  const parts = [
    s.device === null ? '' : `device=${s.device}`,
    s.site === null ? '' : `site=${s.site}`,
    s.failureMode === null ? '' : `failureMode=${s.failureMode}`,
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'every ticket' : parts.join(' ');
}

function silenceEnd(s: Silence, now: number): string {
  if (s.state === 'expired' && s.expiredAt !== null) return `expired ${minute(s.expiredAt)}`;
  if (s.untilResolved) return 'when its ticket resolves';
  return when(s.endsAt, now);
}

export function silencesTable(items: Silence[], now: number): string {
  return table(
    ['ID', 'TENANT', 'MATCHERS', 'STATE', 'ENDS', 'TICKETS', 'COMMENT'],
    items.map((s) => [
      s.id,
      s.tenant,
      matchers(s),
      s.state,
      silenceEnd(s, now),
      String(s.ticketIds.length),
      s.comment,
    ]),
  );
}

export function silenceSummary(verb: string, s: Silence, now: number): string {
  return (
    clean(`${verb} silence ${s.id} (${s.tenant}, ${matchers(s)}): ${s.state}, ends ${silenceEnd(s, now)}`) +
    '\n'
  );
}

/** A value of unknown shape on one line: lists joined, objects as JSON. */
function anyText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.map(anyText).join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function feedbackTable(items: Feedback[], now: number): string {
  return table(
    ['ID', 'TENANT/DEVICE', 'FAILURE MODE', 'METRICS', 'RULE', 'TICKET', 'EXPIRES', 'REVOKED'],
    items.map((f) => [
      f.id,
      `${f.tenant}/${f.device}`,
      f.failureMode,
      anyText(f.metrics),
      anyText(f.rule),
      f.ticketId.slice(0, SHORT_ID_LENGTH),
      when(f.expiresAt, now),
      minute(f.revokedAt),
    ]),
  );
}
