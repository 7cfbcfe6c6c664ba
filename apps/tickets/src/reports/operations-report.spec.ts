import { type Database, PgliteDatabase, runMigrations } from '@preempt/storage';

import { TICKETS_MIGRATIONS } from '../storage/tickets.migrations';
import { operationsReport } from './operations-report';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 2);

interface Spec {
  tenant?: string;
  mode?: string;
  openedAt: number;
  ackAfter?: number;
  resolved?: { after: number; how: 'manual' | 'auto' | 'false_positive' };
  escalations?: number;
  breachAfter?: number;
}

let seq = 0;

/** A ticket as the tickets service leaves it, with its audit entries (acknowledgement, escalations). */
async function insert(db: Database, t: Spec): Promise<void> {
  const id = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  const at = (offset: number) => new Date(t.openedAt + offset);
  await db.query(
    `INSERT INTO tickets (id, tenant, device, failure_mode, severity, status, detected_at, opened_at, updated_at,
       last_evidence_at, evidence, occurrence_count, resolved_at, resolution, predicted_breach_at)
     VALUES ($1, $2, $9, $3, 'major', $4, $5, $5, $5, $5, '[]', 1, $6, $7, $8)`,
    [
      id,
      t.tenant ?? 'acme',
      t.mode ?? 'overheating',
      t.resolved ? 'resolved' : t.ackAfter !== undefined ? 'acknowledged' : 'open',
      at(0),
      t.resolved ? at(t.resolved.after) : null,
      t.resolved?.how ?? null,
      t.breachAfter === undefined ? null : at(t.breachAfter),
      `r${seq}`,
    ],
  );
  let entry = 0;
  const audit = (action: string, offset: number) =>
    db.query(`INSERT INTO ticket_audit (ticket_id, seq, action, actor, at) VALUES ($1, $2, $3, 'x', $4)`, [
      id,
      ++entry,
      action,
      at(offset),
    ]);
  await audit('opened', 0);
  for (let i = 0; i < (t.escalations ?? 0); i++) await audit('escalated', (i + 1) * MIN);
  if (t.ackAfter !== undefined) {
    await audit('acknowledged', t.ackAfter);
    await audit('acknowledged', t.ackAfter + HOUR); // a second one (after a reopen) does not count
  }
  if (t.resolved) await audit('resolved', t.resolved.after);
}

describe('operations report (PGlite)', () => {
  let db: Database;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await runMigrations(db, TICKETS_MIGRATIONS);
    // in the period, acme: acknowledged after 4, 10 and 20 min; resolved after 1 h, 3 h (false positive) and
    // by recovery after 5 h; one forecast 12 h ahead, one 20 h ahead; one escalated twice; one still open
    await insert(db, { openedAt: T0, ackAfter: 4 * MIN, resolved: { after: HOUR, how: 'manual' } });
    await insert(db, {
      openedAt: T0 + HOUR,
      ackAfter: 10 * MIN,
      resolved: { after: 3 * HOUR, how: 'false_positive' },
      breachAfter: 12 * HOUR,
    });
    await insert(db, {
      openedAt: T0 + 2 * HOUR,
      mode: 'memory_exhaustion',
      ackAfter: 20 * MIN,
      breachAfter: 20 * HOUR,
      escalations: 2,
    });
    await insert(db, { openedAt: T0 + 3 * HOUR, resolved: { after: 5 * HOUR, how: 'auto' } });
    // outside the period, or another tenant's
    await insert(db, { openedAt: T0 - MIN, ackAfter: MIN });
    await insert(db, { openedAt: T0 + 24 * HOUR, ackAfter: MIN });
    await insert(db, { tenant: 'globex', openedAt: T0 + HOUR, ackAfter: 2 * HOUR });
  });

  afterAll(() => db?.close());

  it('counts, medians and p90s of the tickets opened in [from, to) of one tenant', async () => {
    const report = await operationsReport(db, { from: T0, to: T0 + 24 * HOUR, tenant: 'acme' });
    expect(report).toMatchObject({
      opened: 4,
      stillOpen: 1,
      // 4, 10, 20 min: median 10 min; p90 interpolates 10 -> 20 at 0.8 of the way: 18 min
      timeToAcknowledge: { count: 3, medianMs: 10 * MIN, p90Ms: 18 * MIN },
      // 1 h, 3 h, 5 h
      timeToResolve: { count: 3, medianMs: 3 * HOUR, p90Ms: 276 * MIN },
      resolved: { manual: 1, auto: 1, falsePositive: 1 },
      falsePositiveShare: 1 / 3,
      escalated: 1,
      warningLead: { count: 2, medianMs: 16 * HOUR, p90Ms: 1152 * MIN },
    });
    expect(report.byFailureMode.map((m) => [m.failureMode, m.opened, m.stillOpen])).toEqual([
      ['overheating', 3, 0],
      ['memory_exhaustion', 1, 1],
    ]);
    expect(report.byFailureMode[1]).toMatchObject({
      timeToAcknowledge: { count: 1, medianMs: 20 * MIN },
      timeToResolve: { count: 0, medianMs: null, p90Ms: null },
      falsePositiveShare: null,
      escalated: 1,
    });
  });

  it('all tenants when none is asked; an empty period has counts of 0 and no durations', async () => {
    const all = await operationsReport(db, { from: T0, to: T0 + 24 * HOUR, tenant: null });
    expect(all.opened).toBe(5);
    expect(all.timeToAcknowledge.count).toBe(4);
    const empty = await operationsReport(db, { from: T0 + 48 * HOUR, to: T0 + 72 * HOUR, tenant: null });
    expect(empty).toMatchObject({
      opened: 0,
      timeToAcknowledge: { count: 0, medianMs: null },
      falsePositiveShare: null,
      byFailureMode: [],
    });
  });
});
