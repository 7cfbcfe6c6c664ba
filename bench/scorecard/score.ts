/**
 * The predictive scorecard's pure part: joins the platform's tickets with the fleet's ground truth.
 *
 * - A ticket belongs to a failure of its device when it was detected in the failure's window: from the
 *   precursor's start to `AFTER_OUTAGE_MS` after the outage (a sudden failure is only seen after it).
 * - A slow failure is *ticketed before the outage* when one of its tickets names one of the failure
 *   modes that fit it (`ACCEPTED_MODES`) and was detected before the outage; its lead time is the outage
 *   minus the first such detection.
 * - A sudden failure is *detected* when a ticket of its device was detected within `AFTER_OUTAGE_MS` after
 *   it; its detection delay is that detection minus the outage.
 * - A *false ticket* belongs to no failure (no failure on its device, or detected before the precursor
 *   began). It is blamed on the latest benign event of its device whose span, widened by `BLAME_MARGIN_MS`
 *   after its end, contains its detection (else "warm-up" when detected while the models had less than
 *   `warmUpEnd` of history, else "no event").
 * - precision = tickets that belong to a failure / all tickets; recall = failures ticketed before the outage
 *   with a fitting mode (sudden: detected) / all failures.
 */
export interface TruthFailure {
  type: 'failure';
  device: string;
  mode: string;
  precursorStart: string;
  outageAt: string;
}

export interface TruthBenign {
  type: 'benign';
  device: string;
  kind: string;
  start: string;
  end: string;
}

export type TruthLine = TruthFailure | TruthBenign;

/** What the scorecard needs of a ticket from `GET /api/v1/tickets`. */
export interface ScoredTicket {
  id: string;
  device: string;
  failureMode: string;
  detectedAt: string;
}

const HOUR = 3_600_000;
export const AFTER_OUTAGE_MS = 24 * HOUR;
export const BLAME_MARGIN_MS = 24 * HOUR;

/** The ticket failure modes (catalog names) that name each simulated failure rightly. */
export const ACCEPTED_MODES: Record<string, readonly string[]> = {
  laser_ageing: ['laser_aging', 'optical_degradation'],
  fibre_degradation: ['optical_degradation', 'interface_errors'],
  fan_bearing_wear: ['fan_failure', 'overheating'],
  memory_leak: ['memory_exhaustion'],
  psu_degradation: ['power_supply_degradation'],
  error_storm: ['interface_errors'],
};

export const SUDDEN_MODES = ['sudden_line_card'];

export interface ModeScore {
  mode: string;
  failures: number;
  /** slow modes: ticketed before the outage with a fitting failure mode */
  ticketedBeforeOutage: number;
  ticketedBeforeOutagePct: number | null;
  /** slow modes: tickets of the failure before the outage, but naming another mode */
  wrongModeOnly: number;
  medianLeadHours: number | null;
  p10LeadHours: number | null;
  /** sudden modes: detected within AFTER_OUTAGE_MS, and the delay */
  detected: number;
  medianDelayHours: number | null;
}

export interface Scorecard {
  deviceDays: number;
  tickets: number;
  trueTickets: number;
  falseTickets: number;
  falseTicketsPer1000DeviceDays: number;
  precision: number | null;
  recall: number | null;
  slowModes: {
    failures: number;
    ticketedBeforeOutagePct: number | null;
    medianLeadHours: number | null;
    p10LeadHours: number | null;
  };
  modes: ModeScore[];
  /** false tickets per blamed benign event kind ("no event" when none) and ticket failure mode */
  falseByCause: Array<{ cause: string; failureMode: string; tickets: number }>;
  /** benign events per kind, and how many of them got at least one false ticket */
  benignByKind: Array<{ kind: string; events: number; ticketed: number }>;
}

/**
 * Scores the tickets against the truth.
 * @example scoreTickets(parseTruth(text), tickets, { deviceDays: 2800 }).falseTicketsPer1000DeviceDays
 */
export function scoreTickets(
  truth: readonly TruthLine[],
  tickets: readonly ScoredTicket[],
  o: { deviceDays: number; warmUpEnd?: number },
): Scorecard {
  const failures = truth.filter((t): t is TruthFailure => t.type === 'failure');
  const benign = truth.filter((t): t is TruthBenign => t.type === 'benign');
  const ms = (iso: string) => Date.parse(iso);
  const windowOf = (f: TruthFailure) => ({
    from: ms(f.precursorStart),
    to: ms(f.outageAt) + AFTER_OUTAGE_MS,
  });
  const belongsTo = (t: ScoredTicket, f: TruthFailure) => {
    const w = windowOf(f);
    const at = ms(t.detectedAt);
    return t.device === f.device && at >= w.from && at <= w.to;
  };

  const perFailure = failures.map((f) => {
    const mine = tickets.filter((t) => belongsTo(t, f));
    const outage = ms(f.outageAt);
    const sudden = SUDDEN_MODES.includes(f.mode);
    const accepted = ACCEPTED_MODES[f.mode] ?? [];
    const before = mine.filter((t) => ms(t.detectedAt) < outage);
    const right = before.filter((t) => accepted.includes(t.failureMode));
    const lead = right.length > 0 ? (outage - Math.min(...right.map((t) => ms(t.detectedAt)))) / HOUR : null;
    const after = mine.filter((t) => ms(t.detectedAt) >= outage);
    const delay = after.length > 0 ? (Math.min(...after.map((t) => ms(t.detectedAt))) - outage) / HOUR : null;
    return { failure: f, sudden, lead, wrongModeOnly: right.length === 0 && before.length > 0, delay };
  });

  const modeNames = [
    ...new Set([...Object.keys(ACCEPTED_MODES), ...SUDDEN_MODES, ...failures.map((f) => f.mode)]),
  ];
  const modes: ModeScore[] = modeNames.map((mode) => {
    const rows = perFailure.filter((r) => r.failure.mode === mode);
    const leads = rows.flatMap((r) => (r.lead === null ? [] : [r.lead]));
    const delays = rows.flatMap((r) => (r.delay === null ? [] : [r.delay]));
    const sudden = SUDDEN_MODES.includes(mode);
    return {
      mode,
      failures: rows.length,
      ticketedBeforeOutage: sudden ? 0 : leads.length,
      ticketedBeforeOutagePct: sudden || rows.length === 0 ? null : pct(leads.length, rows.length),
      wrongModeOnly: rows.filter((r) => r.wrongModeOnly).length,
      medianLeadHours: sudden ? null : quantile(leads, 0.5),
      p10LeadHours: sudden ? null : quantile(leads, 0.1),
      detected: sudden ? delays.length : 0,
      medianDelayHours: sudden ? quantile(delays, 0.5) : null,
    };
  });

  const slow = perFailure.filter((r) => !r.sudden);
  const slowLeads = slow.flatMap((r) => (r.lead === null ? [] : [r.lead]));
  const found =
    slow.filter((r) => r.lead !== null).length +
    perFailure.filter((r) => r.sudden && r.delay !== null).length;

  const falseTickets = tickets.filter((t) => !failures.some((f) => belongsTo(t, f)));
  // one cause per false ticket: the latest benign event of its device that had begun and was not long over
  const blame = (t: ScoredTicket): string => {
    const at = ms(t.detectedAt);
    const events = benign.filter(
      (e) => e.device === t.device && at >= ms(e.start) && at <= ms(e.end) + BLAME_MARGIN_MS,
    );
    if (events.length > 0) return events.reduce((a, b) => (ms(b.start) > ms(a.start) ? b : a)).kind;
    return o.warmUpEnd !== undefined && at < o.warmUpEnd ? 'warm-up' : 'no event';
  };
  const causes = new Map<string, number>();
  for (const t of falseTickets) {
    const key = `${blame(t)}\u0000${t.failureMode}`;
    causes.set(key, (causes.get(key) ?? 0) + 1);
  }
  const kinds = [...new Set(benign.map((e) => e.kind))].sort();
  const benignByKind = kinds.map((kind) => {
    const events = benign.filter((e) => e.kind === kind);
    const ticketed = events.filter((e) =>
      falseTickets.some((t) => {
        const at = ms(t.detectedAt);
        return t.device === e.device && at >= ms(e.start) && at <= ms(e.end) + BLAME_MARGIN_MS;
      }),
    ).length;
    return { kind, events: events.length, ticketed };
  });

  return {
    deviceDays: o.deviceDays,
    tickets: tickets.length,
    trueTickets: tickets.length - falseTickets.length,
    falseTickets: falseTickets.length,
    falseTicketsPer1000DeviceDays: round((1000 * falseTickets.length) / o.deviceDays, 2),
    precision:
      tickets.length === 0 ? null : round((tickets.length - falseTickets.length) / tickets.length, 3),
    recall: failures.length === 0 ? null : round(found / failures.length, 3),
    slowModes: {
      failures: slow.length,
      ticketedBeforeOutagePct: slow.length === 0 ? null : pct(slowLeads.length, slow.length),
      medianLeadHours: quantile(slowLeads, 0.5),
      p10LeadHours: quantile(slowLeads, 0.1),
    },
    modes,
    falseByCause: [...causes]
      .map(([key, n]) => {
        const [cause, failureMode] = key.split('\u0000');
        return { cause, failureMode, tickets: n };
      })
      .sort((a, b) => b.tickets - a.tickets || a.cause.localeCompare(b.cause)),
    benignByKind,
  };
}

/** Parses truth JSON lines (blank lines ignored). */
export function parseTruth(text: string): TruthLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TruthLine);
}

/** The q-quantile (0..1) by linear interpolation, rounded to 0.1 h; null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return round(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo), 1);
}

function pct(n: number, of: number): number {
  return round((100 * n) / of, 1);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The scorecard as a Markdown table (per mode, then overall) and the false tickets by cause. */
export function formatScorecard(s: Scorecard): string {
  const h = (v: number | null) => (v === null ? '-' : `${v} h`);
  const lines = [
    '| failure mode | failures | ticketed before outage, right mode | lead median | lead p10 | wrong mode only | sudden: detected | delay median |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...s.modes.map(
      (m) =>
        `| ${m.mode} | ${m.failures} | ${m.ticketedBeforeOutagePct === null ? '-' : `${m.ticketedBeforeOutage} (${m.ticketedBeforeOutagePct} %)`} | ${h(m.medianLeadHours)} | ${h(m.p10LeadHours)} | ${m.wrongModeOnly} | ${SUDDEN_MODES.includes(m.mode) ? `${m.detected}/${m.failures}` : '-'} | ${h(m.medianDelayHours)} |`,
    ),
    `| **slow modes** | ${s.slowModes.failures} | ${s.slowModes.ticketedBeforeOutagePct ?? '-'} % | ${h(s.slowModes.medianLeadHours)} | ${h(s.slowModes.p10LeadHours)} | | | |`,
    '',
    `device-days ${s.deviceDays}; tickets ${s.tickets} (${s.trueTickets} of failures, ${s.falseTickets} false); ` +
      `false tickets per 1,000 device-days ${s.falseTicketsPer1000DeviceDays}; precision ${s.precision ?? '-'}; recall ${s.recall ?? '-'}`,
    '',
    '| false tickets blamed on | ticket failure mode | tickets |',
    '|---|---|---:|',
    ...s.falseByCause.map((c) => `| ${c.cause} | ${c.failureMode} | ${c.tickets} |`),
    '',
    '| benign event | events | with a false ticket |',
    '|---|---:|---:|',
    ...s.benignByKind.map((b) => `| ${b.kind} | ${b.events} | ${b.ticketed} |`),
  ];
  return lines.join('\n');
}

/** The last line of the scorecard: the keys the issue asks for, plus the counts. */
export function scorecardJson(s: Scorecard): string {
  return JSON.stringify({
    bench: 'scorecard',
    deviceDays: s.deviceDays,
    'slowModes.ticketedBeforeOutagePct': s.slowModes.ticketedBeforeOutagePct,
    'slowModes.medianLeadHours': s.slowModes.medianLeadHours,
    'slowModes.p10LeadHours': s.slowModes.p10LeadHours,
    slowModes: s.slowModes,
    falseTicketsPer1000DeviceDays: s.falseTicketsPer1000DeviceDays,
    precision: s.precision,
    recall: s.recall,
    tickets: s.tickets,
    falseTickets: s.falseTickets,
    modes: Object.fromEntries(
      s.modes.map((m) => [
        m.mode,
        {
          failures: m.failures,
          ticketedBeforeOutagePct: m.ticketedBeforeOutagePct,
          medianLeadHours: m.medianLeadHours,
          p10LeadHours: m.p10LeadHours,
          ...(SUDDEN_MODES.includes(m.mode)
            ? { detected: m.detected, medianDelayHours: m.medianDelayHours }
            : {}),
        },
      ]),
    ),
  });
}
