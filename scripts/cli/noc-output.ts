// Tables and one-line summaries of the NOC operations (issue 10): maintenance windows, silences, feedback.
import type {
  DurationStats,
  Feedback,
  MaintenanceWindow,
  OccurrenceTimes,
  OperationsReport,
  RetiredDevice,
  Silence,
} from './api-types';
import { clean, minute, relative, SHORT_ID_LENGTH, table, when } from './output';

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

/** In force, expired, or undone (and when). */
function feedbackState(f: Feedback): string {
  if (f.revokedAt !== null) return `undone ${minute(f.revokedAt)}`;
  return f.active ? 'active' : 'expired';
}

/** The rule in words is long: --output json (or feedback list -o json | jq -r '.items[].rule') shows it. */
export function feedbackTable(items: Feedback[], now: number): string {
  return table(
    ['ID', 'TENANT/DEVICE', 'FAILURE MODE', 'METRICS', 'TICKET', 'STATE', 'EXPIRES', 'COMMENT'],
    items.map((f) => [
      f.id,
      `${f.tenant}/${f.device}`,
      f.failureMode,
      f.metrics.join(','),
      f.ticketId.slice(0, SHORT_ID_LENGTH),
      feedbackState(f),
      when(f.expiresAt, now),
      f.comment,
    ]),
  );
}

/** The retired devices, oldest first. */
export function retiredTable(items: RetiredDevice[]): string {
  return table(
    ['TENANT/DEVICE', 'RETIRED', 'BY', 'COMMENT'],
    items.map((r) => [`${r.tenant}/${r.device}`, minute(r.retiredAt), r.retiredBy, r.comment]),
  );
}

/** `reports operations`: the period, then one line overall and one per failure mode. */
export function operationsText(report: OperationsReport): string {
  const period = `${minute(new Date(report.from).toISOString())} to ${minute(new Date(report.to).toISOString())}`;
  const head = `tickets opened ${period}${report.tenant === null ? '' : ` (${report.tenant})`}\n`;
  const row = (name: string, f: Omit<OperationsReport, 'from' | 'to' | 'tenant' | 'byFailureMode'>) => [
    name,
    String(f.opened),
    String(f.stillOpen),
    durationText(f.timeToAcknowledge),
    durationText(f.timeToResolve),
    f.falsePositiveShare === null ? '-' : `${Math.round(f.falsePositiveShare * 100)} %`,
    String(f.escalated),
    durationText(f.warningLead),
  ];
  return (
    head +
    table(
      [
        'FAILURE MODE',
        'OPENED',
        'OPEN',
        'ACK (MEDIAN/P90)',
        'RESOLVE (MEDIAN/P90)',
        'FALSE POS.',
        'ESCALATED',
        'LEAD (MEDIAN/P90)',
      ],
      [row('all', report), ...report.byFailureMode.map((m) => row(m.failureMode, m))],
    )
  );
}

/** '12m / 40m' (median / p90), '-' when nothing was measured. */
function durationText(stats: DurationStats): string {
  if (stats.medianMs === null || stats.p90Ms === null) return '-';
  const text = (ms: number) => minutesText(Math.round(ms / 60_000));
  return `${text(stats.medianMs)} / ${text(stats.p90Ms)}`;
}
