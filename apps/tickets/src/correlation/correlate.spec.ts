import { CorrelationDriver, MIN, newEvent, T0 } from '../../test/correlation.factory';
import { DEFAULT_CORRELATION_CONFIG } from './correlation.config';

const HOUR = 60 * MIN;
// the anomaly rules' mechanics, switched on (by default anomalies only join tickets: see the last describe)
// forecasts confirm after 15 min in these specs (the confirmation rule has its own, below)
const RULES = { ...DEFAULT_CORRELATION_CONFIG, forecastMaxSpanMs: 15 * MIN } as const;
const ANOMALY_RULES = { ...RULES, anomalyOpens: 'any', anomalyMinSpanMs: 0 } as const;

describe('correlate: hysteresis (open only on persistent evidence)', () => {
  it('ignores isolated anomalies and opens on 3 distinct anomalous points within 30 min', () => {
    const driver = new CorrelationDriver(ANOMALY_RULES);
    driver.apply(
      newEvent('anomaly', T0),
      newEvent('anomaly', T0 + 2 * HOUR),
      newEvent('anomaly', T0 + 4 * HOUR),
    );
    expect(driver.all()).toHaveLength(0);

    driver.apply(newEvent('anomaly', T0 + 4 * HOUR + 10 * MIN));
    expect(driver.all()).toHaveLength(0);
    driver.apply(newEvent('anomaly', T0 + 4 * HOUR + 25 * MIN));
    const [ticket] = driver.all();
    expect(driver.all()).toHaveLength(1);
    expect(ticket).toMatchObject({
      status: 'open',
      failureMode: 'overheating',
      detectedAt: T0 + 4 * HOUR + 25 * MIN,
      occurrenceCount: 3,
      recommendedAction: 'Check fans and airflow',
      predictedBreach: null,
      severity: 'minor',
    });
    expect(ticket.evidence).toEqual([
      expect.objectContaining({ metric: 'temperature', anomalies: 3, forecasts: 0, firstAt: T0 + 4 * HOUR }),
    ]);
  });

  it('needs forecasts on 3 evaluations spanning at least 15 min', () => {
    const driver = new CorrelationDriver(ANOMALY_RULES);
    driver.apply(...[0, 5, 10].map((m) => newEvent('forecast', T0 + m * MIN)));
    expect(driver.all()).toHaveLength(0);
    driver.apply(newEvent('forecast', T0 + 15 * MIN, { breachAt: T0 + 3 * HOUR }));
    const [ticket] = driver.all();
    expect(ticket).toMatchObject({
      detectedAt: T0 + 15 * MIN,
      severity: 'critical',
      predictedBreach: { at: T0 + 3 * HOUR, earliest: T0 + 2 * HOUR, latest: T0 + 4 * HOUR },
      occurrenceCount: 4,
    });
  });

  it('does not count forecasts more than the window apart', () => {
    const driver = new CorrelationDriver(ANOMALY_RULES);
    driver.apply(...[0, 61, 122, 183].map((m) => newEvent('forecast', T0 + m * MIN)));
    expect(driver.all()).toHaveLength(0);
  });

  it('a recovered event interrupts the candidates: flickering forecasts never open a ticket', () => {
    const driver = new CorrelationDriver(ANOMALY_RULES);
    for (let m = 0; m < 600; m += 10) {
      driver.apply(newEvent('forecast', T0 + m * MIN), newEvent('recovered', T0 + (m + 5) * MIN));
    }
    expect(driver.all()).toHaveLength(0);
  });

  it('takes the same decision whatever the arrival order (out-of-order events)', () => {
    const events = [0, 5, 10, 15, 20].map((m) => newEvent('forecast', T0 + m * MIN));
    const inOrder = new CorrelationDriver(ANOMALY_RULES).apply(...events).all();
    const shuffled = new CorrelationDriver(ANOMALY_RULES)
      .apply(events[4], events[1], events[0], events[3], events[2])
      .all();
    expect(inOrder).toHaveLength(1);
    expect(shuffled).toHaveLength(1);
    expect(inOrder[0].detectedAt).toBe(T0 + 15 * MIN);
    // 20, 5, 0 arrive first: already persistent (3 points over 20 min), decided at the latest of them
    expect(shuffled[0].detectedAt).toBe(T0 + 20 * MIN);
    expect(shuffled[0].occurrenceCount).toBe(inOrder[0].occurrenceCount);
    expect(shuffled[0].evidence).toEqual(inOrder[0].evidence);
    expect(shuffled[0].evidence[0].at).toBe(T0 + 20 * MIN); // latest evidence, not last arrived
  });

  it('ignores a redelivered observation (same type, metric and time)', () => {
    const driver = new CorrelationDriver(ANOMALY_RULES);
    const event = newEvent('anomaly', T0);
    driver.apply(event, event, event, newEvent('anomaly', T0 + MIN));
    expect(driver.all()).toHaveLength(0);
    expect([...driver.devices.values()][0].candidates).toHaveLength(2);
  });
});

describe('correlate: one ticket per dedup key, grouping', () => {
  const openForecastTicket = () =>
    new CorrelationDriver(ANOMALY_RULES).apply(
      ...[0, 5, 10, 15].map((m) => newEvent('forecast', T0 + m * MIN)),
    );

  it('updates the open ticket with later evidence instead of opening another', () => {
    const driver = openForecastTicket();
    driver.apply(...[20, 25, 30].map((m) => newEvent('forecast', T0 + m * MIN)));
    driver.apply(newEvent('anomaly', T0 + 31 * MIN, { score: 0.95 }));
    expect(driver.all()).toHaveLength(1);
    const [ticket] = driver.all();
    expect(ticket.occurrenceCount).toBe(8);
    expect(ticket.evidence).toHaveLength(1);
    expect(ticket.evidence[0]).toMatchObject({
      at: T0 + 31 * MIN,
      anomalies: 1,
      forecasts: 7,
      eventType: 'anomaly',
    });
    expect(ticket.evidence[0].forecast).not.toBeNull(); // kept from the last forecast
    expect(ticket.lastEvidenceAt).toBe(T0 + 31 * MIN);
  });

  it('attaches another metric of the device within the group window, with an audit note', () => {
    const driver = openForecastTicket();
    const [before] = driver.all();
    driver.apply(newEvent('anomaly', T0 + 20 * MIN, { metric: 'fan_speed' }));
    const [ticket] = driver.all();
    expect(driver.all()).toHaveLength(1);
    expect(ticket.evidence.map((e) => e.metric)).toEqual(['temperature', 'fan_speed']);
    expect(ticket.failureMode).toBe(before.failureMode);
    const last = driver.outcomes[driver.outcomes.length - 1];
    expect(last.changes[0].notes).toEqual([expect.objectContaining({ action: 'evidence_added' })]);

    // once attached, the metric keeps going to this ticket even after the group window
    driver.apply(newEvent('anomaly', T0 + 3 * HOUR, { metric: 'fan_speed' }));
    expect(driver.all()).toHaveLength(1);
    expect(driver.all()[0].evidence[1].anomalies).toBe(2);
  });

  it('an active ticket (evidence within the anomaly window) takes another failure mode: one incident, one ticket', () => {
    const driver = openForecastTicket(); // last evidence at T0 + 15 min
    driver.apply(...[32, 38, 44].map((m) => newEvent('anomaly', T0 + m * MIN, { metric: 'psu_voltage' })));
    expect(driver.all()).toHaveLength(1);
    expect(driver.all()[0]).toMatchObject({ failureMode: 'overheating', occurrenceCount: 7 });
    expect(driver.all()[0].evidence.map((e) => e.metric)).toEqual(['temperature', 'psu_voltage']);
  });

  it('an anomaly ticket takes the failure mode of a limit forecast that joins it (the forecast names the failure)', () => {
    // anomalies blamed on the fan open a cooling_failure ticket; then temperature is forecast to breach 85
    const driver = new CorrelationDriver(ANOMALY_RULES).apply(
      ...[0, 5, 10].map((m) => newEvent('anomaly', T0 + m * MIN, { metric: 'fan_speed' })),
    );
    expect(driver.all()[0].failureMode).toBe('cooling_failure');
    driver.apply(newEvent('forecast', T0 + 20 * MIN));
    const [ticket] = driver.all();
    expect(driver.all()).toHaveLength(1);
    expect(ticket).toMatchObject({ failureMode: 'overheating', recommendedAction: 'Check fans and airflow' });
    const notes = driver.outcomes[driver.outcomes.length - 1].changes[0].notes;
    expect(notes).toContainEqual(
      expect.objectContaining({
        action: 'failure_mode_changed',
        comment: expect.stringContaining('cooling_failure -> overheating'),
      }),
    );
    // a forecast of a third failure mode later does not rename it again
    driver.apply(newEvent('forecast', T0 + 25 * MIN, { metric: 'optical_rx_power' }));
    expect(driver.all()[0].failureMode).toBe('overheating');
  });

  it('does not rename a ticket into the failure mode of another open ticket of the device (the dedup key)', () => {
    const driver = openForecastTicket();
    const [other] = driver.all(); // overheating, on an inlet sensor, quiet for 3 h (open)
    driver.tickets.set(other.id, {
      ...other,
      evidence: other.evidence.map((e) => ({ ...e, metric: 'inlet_temperature' })),
      detectedAt: T0 - 3 * HOUR,
      lastEvidenceAt: T0 - 3 * HOUR,
    });
    driver.apply(...[60, 65, 70].map((m) => newEvent('anomaly', T0 + m * MIN, { metric: 'fan_speed' })));
    // the fan ticket also holds temperature evidence (joined before the other ticket opened)
    const opened = driver.all().find((t) => t.failureMode === 'cooling_failure')!;
    const fan = {
      ...opened,
      evidence: [
        ...opened.evidence,
        { ...opened.evidence[0], metric: 'temperature', failureMode: 'overheating' },
      ],
    };
    driver.tickets.set(fan.id, fan);
    driver.apply(newEvent('forecast', T0 + 75 * MIN)); // temperature: routed to the fan ticket by its metric
    expect(driver.tickets.get(fan.id)!).toMatchObject({ failureMode: 'cooling_failure', occurrenceCount: 4 });
    expect(
      driver
        .all()
        .map((t) => t.failureMode)
        .sort(),
    ).toEqual(['cooling_failure', 'overheating']);
  });

  it('keeps another failure mode outside the group and anomaly windows as a candidate of its own', () => {
    const driver = openForecastTicket();
    driver.apply(newEvent('anomaly', T0 + 46 * MIN, { metric: 'psu_voltage' }));
    expect(driver.all()).toHaveLength(1);
    expect(driver.all()[0].evidence).toHaveLength(1);
    driver.apply(...[50, 55].map((m) => newEvent('anomaly', T0 + m * MIN, { metric: 'psu_voltage' })));
    expect(
      driver
        .all()
        .map((t) => t.failureMode)
        .sort(),
    ).toEqual(['overheating', 'power_supply']);
  });

  it('several anomalous metrics in a short window -> one ticket with all of them as evidence', () => {
    const driver = new CorrelationDriver(ANOMALY_RULES).apply(
      newEvent('anomaly', T0, { metric: 'fan_speed' }),
      newEvent('anomaly', T0 + 2 * MIN, { metric: 'temperature' }),
      newEvent('anomaly', T0 + 3 * MIN, { metric: 'fan_speed' }),
    );
    expect(driver.all()).toHaveLength(1);
    const [ticket] = driver.all();
    expect(ticket.failureMode).toBe('cooling_failure'); // the failure mode with most points
    expect(ticket.evidence.map((e) => e.metric).sort()).toEqual(['fan_speed', 'temperature']);
    expect(ticket.recommendedAction).toBe('Replace the fan tray');
  });

  it('never mixes devices or tenants', () => {
    const driver = new CorrelationDriver(ANOMALY_RULES).apply(
      newEvent('anomaly', T0, { device: 'a' }),
      newEvent('anomaly', T0 + MIN, { device: 'b' }),
      newEvent('anomaly', T0 + 2 * MIN, { tenant: 'other', device: 'a' }),
    );
    expect(driver.all()).toHaveLength(0);
  });
});

describe('correlate: auto-resolve after the hold time, no flapping', () => {
  const openTicket = () =>
    new CorrelationDriver(ANOMALY_RULES).apply(
      ...[0, 5, 10, 15].map((m) => newEvent('forecast', T0 + m * MIN)),
    );

  it('resolves only after the device stayed normal for the hold time (event time)', () => {
    const driver = openTicket();
    driver.apply(newEvent('recovered', T0 + 20 * MIN));
    expect(driver.open()[0].recoveredAt).toBe(T0 + 15 * MIN); // normal since the last bad point
    driver.apply(newEvent('recovered', T0 + 44 * MIN, { metric: 'fan_speed' })); // time goes on: 29 min
    expect(driver.open()).toHaveLength(1);
    driver.apply(newEvent('recovered', T0 + 45 * MIN, { metric: 'fan_speed' }));
    expect(driver.open()).toHaveLength(0);
    const [ticket] = driver.all();
    expect(ticket).toMatchObject({ status: 'resolved', resolution: 'auto', resolvedAt: T0 + 45 * MIN });
    const last = driver.outcomes[driver.outcomes.length - 1];
    expect(last.changes[0].notes[0]).toMatchObject({
      action: 'resolved',
      fromStatus: 'open',
      toStatus: 'resolved',
      comment: expect.stringContaining('auto-resolved'),
    });
  });

  it('abnormal evidence during the hold cancels the recovery', () => {
    const driver = openTicket();
    driver.apply(newEvent('recovered', T0 + 20 * MIN), newEvent('forecast', T0 + 30 * MIN));
    driver.apply(newEvent('recovered', T0 + 55 * MIN, { metric: 'fan_speed' }));
    expect(driver.open()).toHaveLength(1);
    expect(driver.open()[0].recoveredAt).toBeNull();
  });

  it('a late recovered event older than the latest abnormal evidence does not recover the metric', () => {
    const driver = openTicket();
    driver.apply(newEvent('recovered', T0 + 12 * MIN));
    expect(driver.open()[0].recoveredAt).toBeNull();
  });

  it("resolves at once on a recovered event sent after the detector's own hold", () => {
    const driver = openTicket();
    driver.apply(newEvent('recovered', T0 + 45 * MIN));
    expect(driver.all()[0]).toMatchObject({ status: 'resolved', resolution: 'auto' });
  });

  it('a metric without recovery keeps the ticket open', () => {
    const driver = openTicket();
    driver.apply(newEvent('anomaly', T0 + 16 * MIN, { metric: 'fan_speed' }));
    driver.apply(newEvent('recovered', T0 + 60 * MIN));
    expect(driver.open()).toHaveLength(1);
    driver.apply(newEvent('recovered', T0 + 61 * MIN, { metric: 'fan_speed' }));
    expect(driver.open()).toHaveLength(0);
  });

  it('resolves on silence: no abnormal evidence for silenceResolveMs while the device reports', () => {
    const driver = openTicket();
    driver.apply(newEvent('recovered', T0 + 6 * HOUR + 14 * MIN, { metric: 'fan_speed' }));
    expect(driver.open()).toHaveLength(1);
    driver.apply(newEvent('recovered', T0 + 6 * HOUR + 15 * MIN, { metric: 'fan_speed' }));
    expect(driver.open()).toHaveLength(0);
  });

  /** 60 min of forecasts from `start`, then 2 h normal: one persistent episode, auto-resolved. */
  function episode(driver: CorrelationDriver, start: number): void {
    for (let m = 0; m <= 60; m += 5) driver.apply(newEvent('forecast', start + m * MIN));
    for (let m = 65; m <= 180; m += 5) driver.apply(newEvent('recovered', start + m * MIN));
  }

  it('a drift that comes and goes within the reopen window keeps one ticket: reopened, never a second', () => {
    const driver = new CorrelationDriver(ANOMALY_RULES);
    for (let k = 0; k < 3; k++) episode(driver, T0 + k * 4 * HOUR);
    expect(driver.all()).toHaveLength(1);
    const [ticket] = driver.all();
    expect(ticket).toMatchObject({ status: 'resolved', resolution: 'auto', detectedAt: T0 + 15 * MIN });
    const notes = driver.outcomes.flatMap((o) => o.changes.flatMap((c) => c.notes.map((n) => n.action)));
    expect(notes.filter((a) => a === 'reopened')).toHaveLength(2);
    expect(notes.filter((a) => a === 'resolved')).toHaveLength(3);
    const reopened = driver.outcomes.flatMap((o) => o.changes).find((c) => c.kind === 'reopened')!;
    expect(reopened.ticket).toMatchObject({ status: 'open', resolution: null, resolvedAt: null });
    expect(reopened.notes[0]).toMatchObject({ fromStatus: 'resolved', toStatus: 'open' });
  });

  it('opens a new ticket when the episodes are further apart than the reopen window, or it is 0', () => {
    const apart = new CorrelationDriver(ANOMALY_RULES);
    episode(apart, T0);
    episode(apart, T0 + 15 * HOUR);
    expect(apart.all().map((t) => t.resolution)).toEqual(['auto', 'auto']);
    const never = new CorrelationDriver({ ...ANOMALY_RULES, reopenWindowMs: 0 });
    episode(never, T0);
    episode(never, T0 + 4 * HOUR);
    expect(never.all()).toHaveLength(2);
  });

  it('never reopens a ticket an engineer resolved', () => {
    const driver = new CorrelationDriver(ANOMALY_RULES);
    episode(driver, T0);
    const [ticket] = driver.all();
    driver.tickets.set(ticket.id, { ...ticket, resolution: 'manual' });
    episode(driver, T0 + 4 * HOUR);
    expect(driver.all().map((t) => t.resolution)).toEqual(['manual', 'auto']);
  });

  it('does not resolve an acknowledged ticket before the hold either, then resolves it', () => {
    const driver = openTicket();
    const [ticket] = driver.all();
    driver.tickets.set(ticket.id, { ...ticket, status: 'acknowledged' });
    driver.apply(newEvent('recovered', T0 + 20 * MIN), newEvent('recovered', T0 + 46 * MIN, { metric: 'x' }));
    expect(driver.all()[0]).toMatchObject({ status: 'resolved', resolution: 'auto' });
    const last = driver.outcomes[driver.outcomes.length - 1];
    expect(last.changes[0].notes[0].fromStatus).toBe('acknowledged');
  });

  it('uses the configured parameters', () => {
    const driver = new CorrelationDriver({ ...ANOMALY_RULES, anomalyMinCount: 1 });
    driver.apply(newEvent('anomaly', T0));
    expect(driver.all()).toHaveLength(1);
  });
});

describe('correlate: which anomalies open a ticket (anomalyOpens, anomalyMinSpanMs)', () => {
  // four anomalous points over 30 min (from `start`): persistent by every count
  const burst = (metric = 'temperature', start = T0) =>
    [0, 10, 20, 30].map((m) => newEvent('anomaly', start + m * MIN, { metric }));

  it('by default, anomalies open nothing: only forecasts do, and anomalies join their ticket', () => {
    const driver = new CorrelationDriver(RULES);
    driver.apply(...burst());
    expect(driver.all()).toHaveLength(0);
    driver.apply(...[40, 45, 50, 55].map((m) => newEvent('forecast', T0 + m * MIN)));
    driver.apply(newEvent('anomaly', T0 + 60 * MIN));
    const [ticket] = driver.all();
    expect(driver.all()).toHaveLength(1);
    // the anomalies still held as candidates (those of the last anomalyWindowMs: the one at 30 min) are
    // part of its evidence, with the one that joined it
    expect(ticket.evidence[0]).toMatchObject({ metric: 'temperature', forecasts: 4, anomalies: 2 });
  });

  it("'named' opens on anomalies naming a failure mode, never on unnamed ones", () => {
    const named = new CorrelationDriver({ ...RULES, anomalyOpens: 'named' });
    named.apply(...burst('traffic_in_mbps')); // outside the catalog: names no failure mode
    expect(named.all()).toHaveLength(0);
    named.apply(...burst('temperature', T0 + 2 * HOUR));
    expect(named.all().map((t) => t.failureMode)).toEqual(['overheating']);
    const any = new CorrelationDriver({ ...RULES, anomalyOpens: 'any' });
    any.apply(...burst('traffic_in_mbps'));
    expect(any.all().map((t) => t.failureMode)).toEqual(['anomaly']);
  });

  it('needs the anomalous points to span anomalyMinSpanMs: a burst of minutes is not persistent', () => {
    const rules = { ...RULES, anomalyOpens: 'any', anomalyMinSpanMs: 30 * MIN } as const;
    const short = new CorrelationDriver(rules);
    short.apply(...[0, 5, 10, 15, 20, 25].map((m) => newEvent('anomaly', T0 + m * MIN)));
    expect(short.all()).toHaveLength(0);
    const long = new CorrelationDriver(rules);
    long.apply(...burst());
    expect(long.all()).toMatchObject([{ detectedAt: T0 + 30 * MIN }]);
  });
});

describe('correlate: a limit forecast names its own failure', () => {
  it('a forecast of another failure mode does not hide in the open forecast ticket of the device', () => {
    const driver = new CorrelationDriver(RULES);
    // a fan forecast opens a ticket; the optics start forecasting their own breach while it is active
    driver.apply(...[0, 5, 10, 15].map((m) => newEvent('forecast', T0 + m * MIN, { metric: 'fan_speed' })));
    driver.apply(
      ...[20, 25, 30, 35].map((m) => newEvent('forecast', T0 + m * MIN, { metric: 'optical_rx_power' })),
    );
    expect(driver.all().map((t) => [t.failureMode, t.evidence.map((e) => e.metric)])).toEqual([
      ['cooling_failure', ['fan_speed']],
      ['optical_degradation', ['optical_rx_power']],
    ]);
  });

  it('nor in the ticket that holds the metric as evidence of another failure mode', () => {
    const driver = new CorrelationDriver(RULES);
    // an optics anomaly joins the fan ticket as it opens; later the optics forecast their own breach
    driver.apply(newEvent('anomaly', T0 + 12 * MIN, { metric: 'optical_rx_power' }));
    driver.apply(...[0, 5, 10, 15].map((m) => newEvent('forecast', T0 + m * MIN, { metric: 'fan_speed' })));
    driver.apply(
      ...[60, 65, 70, 75].map((m) => newEvent('forecast', T0 + m * MIN, { metric: 'optical_rx_power' })),
    );
    expect(driver.all().map((t) => [t.failureMode, t.evidence.map((e) => e.metric)])).toEqual([
      ['cooling_failure', ['fan_speed', 'optical_rx_power']],
      ['optical_degradation', ['optical_rx_power']],
    ]);
  });

  it('a ticket opening on one failure mode leaves the forecasts of another as candidates of their own', () => {
    const driver = new CorrelationDriver(RULES);
    // interleaved: the fan's forecasts become persistent first, the optics' two minutes later
    for (const m of [0, 5, 10, 15, 20]) {
      driver.apply(newEvent('forecast', T0 + m * MIN, { metric: 'fan_speed' }));
      driver.apply(newEvent('forecast', T0 + (m + 2) * MIN, { metric: 'optical_rx_power' }));
    }
    expect(driver.all().map((t) => [t.failureMode, t.evidence.map((e) => e.metric)])).toEqual([
      ['cooling_failure', ['fan_speed']],
      ['optical_degradation', ['optical_rx_power']],
    ]);
  });
});

describe('correlate: a forecast confirms for a share of its lead (forecastSpanShare, forecastMaxSpanMs)', () => {
  // one forecast every 5 min from `from` (minutes after T0) to `to`, predicting the breach `leadH` hours ahead
  const run = (from: number, to: number, leadH: number, device = 'rtr-01') =>
    Array.from({ length: (to - from) / 5 + 1 }, (_, i) => {
      const at = T0 + (from + 5 * i) * MIN;
      return newEvent('forecast', at, { device, breachAt: at + leadH * HOUR });
    });

  it('a breach predicted a day ahead opens after 4 h of forecasts, not before', () => {
    const driver = new CorrelationDriver();
    driver.apply(...run(0, 235, 24));
    expect(driver.all()).toHaveLength(0);
    driver.apply(...run(240, 240, 24));
    expect(driver.all()).toMatchObject([{ failureMode: 'overheating', detectedAt: T0 + 240 * MIN }]);
  });

  it('the nearer the predicted breach, the shorter the confirmation: 10 h ahead holds 2 h; due now, 15 min', () => {
    const tenHours = new CorrelationDriver().apply(...run(0, 115, 10));
    expect(tenHours.all()).toHaveLength(0);
    expect(tenHours.apply(...run(120, 120, 10)).all()).toMatchObject([{ detectedAt: T0 + 120 * MIN }]);
    const dueNow = new CorrelationDriver().apply(...run(0, 30, 0));
    expect(dueNow.all()).toMatchObject([{ detectedAt: T0 + 15 * MIN }]);
  });

  it('a two-hour burst of day-ahead forecasts (a surge) opens nothing; a gap over 30 min restarts the run', () => {
    const surge = new CorrelationDriver().apply(...run(0, 120, 20));
    expect(surge.all()).toHaveLength(0);
    // 3 h, then a 35-min gap, then 2 h: never 4 h in one run
    const broken = new CorrelationDriver().apply(...run(0, 180, 24), ...run(215, 335, 24));
    expect(broken.all()).toHaveLength(0);
    // the same with a 30-min gap is one run
    const whole = new CorrelationDriver().apply(...run(0, 180, 24), ...run(210, 330, 24));
    expect(whole.all()).toMatchObject([{ detectedAt: T0 + 240 * MIN }]);
  });

  it('many anomalies of other metrics do not push the start of a run out of the bounded candidates', () => {
    const driver = new CorrelationDriver({ ...DEFAULT_CORRELATION_CONFIG, maxCandidateObservations: 60 });
    for (const event of run(0, 240, 24)) {
      // ten anomalous metrics alongside every forecast: far more than the bound over 4 h
      const anomalies = Array.from({ length: 10 }, (_, k) =>
        newEvent('anomaly', event.evidence.at, { metric: `metric_${k}` }),
      );
      driver.apply(...anomalies, event);
    }
    expect(driver.all()).toMatchObject([{ failureMode: 'overheating', detectedAt: T0 + 240 * MIN }]);
  });
});
