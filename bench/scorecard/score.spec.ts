import {
  formatScorecard,
  parseTruth,
  quantile,
  scorecardJson,
  type ScoredTicket,
  scoreTickets,
  type TruthLine,
} from './score';

const H = 3_600_000;
const T = Date.UTC(2026, 10, 10);
const iso = (ms: number) => new Date(ms).toISOString();

const truth: TruthLine[] = [
  {
    type: 'failure',
    device: 'a',
    mode: 'fan_bearing_wear',
    precursorStart: iso(T),
    outageAt: iso(T + 48 * H),
  },
  { type: 'failure', device: 'b', mode: 'memory_leak', precursorStart: iso(T), outageAt: iso(T + 24 * H) },
  {
    type: 'failure',
    device: 'c',
    mode: 'psu_degradation',
    precursorStart: iso(T),
    outageAt: iso(T + 24 * H),
  },
  {
    type: 'failure',
    device: 'd',
    mode: 'sudden_line_card',
    precursorStart: iso(T + 10 * H),
    outageAt: iso(T + 10 * H),
  },
  { type: 'benign', device: 'e', kind: 'firmware_upgrade', start: iso(T), end: iso(T + 0.2 * H) },
  { type: 'benign', device: 'f', kind: 'traffic_surge', start: iso(T), end: iso(T + 3 * H) },
];

let ids = 0;
function ticket(device: string, failureMode: string, at: number): ScoredTicket {
  return { id: `t${++ids}`, device, failureMode, detectedAt: iso(at) };
}

describe('scoreTickets', () => {
  const tickets = [
    ticket('a', 'fan_failure', T + 36 * H), // 12 h lead, right mode
    ticket('a', 'overheating', T + 44 * H), // a second one of the same failure: not false
    ticket('b', 'cpu_exhaustion', T + 20 * H), // before the outage, wrong mode
    ticket('c', 'power_supply_degradation', T - 5 * H), // before the precursor: false
    ticket('d', 'optical_degradation', T + 10.5 * H), // sudden: 0.5 h delay
    ticket('e', 'cpu_exhaustion', T + 2 * H), // after a firmware upgrade: false
    ticket('f', 'cpu_exhaustion', T + 30 * H), // 27 h after the surge ended: beyond the blame margin
  ];
  const card = scoreTickets(truth, tickets, { deviceDays: 1000 });
  const mode = (name: string) => card.modes.find((m) => m.mode === name)!;

  it('a slow failure counts when ticketed before the outage with a fitting mode; lead from the first such ticket', () => {
    expect(mode('fan_bearing_wear')).toEqual(
      expect.objectContaining({
        failures: 1,
        ticketedBeforeOutage: 1,
        ticketedBeforeOutagePct: 100,
        medianLeadHours: 12,
      }),
    );
    expect(mode('memory_leak')).toEqual(
      expect.objectContaining({ ticketedBeforeOutage: 0, wrongModeOnly: 1 }),
    );
    expect(mode('psu_degradation').ticketedBeforeOutagePct).toBe(0);
  });

  it('a sudden failure is measured by its detection delay', () => {
    expect(mode('sudden_line_card')).toEqual(
      expect.objectContaining({
        failures: 1,
        detected: 1,
        medianDelayHours: 0.5,
        ticketedBeforeOutagePct: null,
      }),
    );
  });

  it('false tickets: no failure in the window, or before the precursor; blamed on the benign event nearby', () => {
    expect(card.falseTickets).toBe(3);
    expect(card.trueTickets).toBe(4);
    expect(card.falseTicketsPer1000DeviceDays).toBe(3);
    expect(card.precision).toBe(0.571);
    // found: a (right mode before outage) and d (sudden, detected) of 4 failures
    expect(card.recall).toBe(0.5);
    expect(card.falseByCause).toEqual(
      expect.arrayContaining([
        { cause: 'firmware_upgrade', failureMode: 'cpu_exhaustion', tickets: 1 },
        { cause: 'no event', failureMode: 'power_supply_degradation', tickets: 1 },
        { cause: 'no event', failureMode: 'cpu_exhaustion', tickets: 1 },
      ]),
    );
    expect(card.benignByKind).toEqual([
      { kind: 'firmware_upgrade', events: 1, ticketed: 1 },
      { kind: 'traffic_surge', events: 1, ticketed: 0 },
    ]);
  });

  it('slow modes together: percentage and lead quantiles over the slow failures only', () => {
    expect(card.slowModes).toEqual({
      failures: 3,
      ticketedBeforeOutagePct: 33.3,
      medianLeadHours: 12,
      p10LeadHours: 12,
    });
  });

  it('a false ticket is blamed once, on the latest event begun before it', () => {
    const two: TruthLine[] = [
      { type: 'benign', device: 'g', kind: 'heat_wave', start: iso(T), end: iso(T + 48 * H) },
      { type: 'benign', device: 'g', kind: 'fan_replaced', start: iso(T + 10 * H), end: iso(T + 10 * H) },
      { type: 'benign', device: 'g', kind: 'planned_reboot', start: iso(T + 20 * H), end: iso(T + 20.2 * H) },
    ];
    const card = scoreTickets(two, [ticket('g', 'fan_failure', T + 12 * H)], { deviceDays: 10 });
    expect(card.falseByCause).toEqual([{ cause: 'fan_replaced', failureMode: 'fan_failure', tickets: 1 }]);
  });

  it('tickets in the warm-up with no event nearby are blamed on the warm-up', () => {
    const early = scoreTickets(truth, [ticket('z', 'anomaly', T - 50 * H)], {
      deviceDays: 10,
      warmUpEnd: T - 40 * H,
    });
    expect(early.falseByCause).toEqual([{ cause: 'warm-up', failureMode: 'anomaly', tickets: 1 }]);
  });

  it('no tickets: precision unknown, recall 0, no false tickets', () => {
    const none = scoreTickets(truth, [], { deviceDays: 100 });
    expect(none.precision).toBeNull();
    expect(none.recall).toBe(0);
    expect(none.falseTicketsPer1000DeviceDays).toBe(0);
  });

  it('prints a table and a JSON line with the keys the issue asks for', () => {
    expect(formatScorecard(card)).toContain('| fan_bearing_wear | 1 | 1 (100 %) | 12 h | 12 h | 0 | - | - |');
    const json = JSON.parse(scorecardJson(card)) as Record<string, unknown>;
    for (const key of [
      'deviceDays',
      'slowModes.ticketedBeforeOutagePct',
      'slowModes.medianLeadHours',
      'slowModes.p10LeadHours',
      'falseTicketsPer1000DeviceDays',
      'precision',
      'recall',
      'modes',
    ])
      expect(json).toHaveProperty([key]);
  });
});

describe('quantile and parseTruth', () => {
  it('interpolates between ranks', () => {
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.1)).toBe(2);
    expect(quantile([10, 0], 0.5)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('reads JSON lines, skipping blank ones', () => {
    expect(parseTruth(`${JSON.stringify(truth[0])}\n\n${JSON.stringify(truth[4])}\n`)).toEqual([
      truth[0],
      truth[4],
    ]);
  });
});
