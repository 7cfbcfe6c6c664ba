import type { FeedbackRule, MaintenanceWindowSpec } from '@preempt/contracts';
import type { Database, Queryable } from '@preempt/storage';

const date = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms));
const ms = (value: Date | null): number | null => (value === null ? null : value.getTime());

/** A stored maintenance window. */
export interface WindowRecord extends MaintenanceWindowSpec {
  comment: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** A device the NOC retired (decommissioned). */
export interface RetiredRecord {
  tenant: string;
  device: string;
  comment: string;
  retiredBy: string;
  retiredAt: number;
}

interface RetiredRow {
  tenant: string;
  device: string;
  comment: string;
  retired_by: string;
  retired_at: Date;
}

const toRetired = (r: RetiredRow): RetiredRecord => ({
  tenant: r.tenant,
  device: r.device,
  comment: r.comment,
  retiredBy: r.retired_by,
  retiredAt: new Date(r.retired_at).getTime(),
});

export interface SilenceRecord {
  id: string;
  seq: number;
  tenant: string;
  device: string | null;
  site: string | null;
  failureMode: string | null;
  comment: string;
  startsAt: number;
  /** null: until the tickets it was created for resolve */
  endsAt: number | null;
  untilResolved: boolean;
  ticketIds: string[];
  createdBy: string;
  createdAt: number;
  expiredAt: number | null;
  expiredBy: string | null;
}

export interface SuppressedRecord {
  id: number;
  tenant: string;
  device: string;
  windowId: string;
  eventId: string;
  type: string;
  metric: string;
  failureMode: string;
  at: number;
  score: number;
  recordedAt: number;
}

export interface FeedbackRecord extends FeedbackRule {
  seq: number;
  ticketId: string;
  comment: string;
  createdBy: string;
  revokedAt: number | null;
  revokedBy: string | null;
}

export interface EscalationRecord {
  ticketId: string;
  policy: string;
  armedAt: number;
  fired: number;
  nextAt: number | null;
}

interface WindowRow {
  id: string;
  tenant: string;
  devices: string[] | null;
  site: string | null;
  start_local: string;
  duration_minutes: number;
  time_zone: string;
  rrule: string | null;
  comment: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface SilenceRow {
  id: string;
  seq: string;
  tenant: string;
  device: string | null;
  site: string | null;
  failure_mode: string | null;
  comment: string;
  starts_at: Date;
  ends_at: Date | null;
  until_resolved: boolean;
  ticket_ids: string[];
  created_by: string;
  created_at: Date;
  expired_at: Date | null;
  expired_by: string | null;
}

interface FeedbackRow {
  id: string;
  seq: string;
  tenant: string;
  device: string;
  failure_mode: string;
  metrics: string[];
  ticket_id: string;
  comment: string;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

const WINDOW_COLUMNS = `id, tenant, devices, site, start_local, duration_minutes, time_zone, rrule, comment,
  created_by, created_at, updated_at, version`;
const SILENCE_COLUMNS = `id, seq, tenant, device, site, failure_mode, comment, starts_at, ends_at, until_resolved,
  ticket_ids, created_by, created_at, expired_at, expired_by`;
const FEEDBACK_COLUMNS = `id, seq, tenant, device, failure_mode, metrics, ticket_id, comment, created_by, created_at,
  expires_at, revoked_at, revoked_by`;

function toWindow(row: WindowRow): WindowRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    devices: row.devices,
    site: row.site,
    start: row.start_local,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
    rrule: row.rrule,
    comment: row.comment,
    createdBy: row.created_by,
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
    version: row.version,
  };
}

function toSilence(row: SilenceRow): SilenceRecord {
  return {
    id: row.id,
    seq: Number(row.seq),
    tenant: row.tenant,
    device: row.device,
    site: row.site,
    failureMode: row.failure_mode,
    comment: row.comment,
    startsAt: row.starts_at.getTime(),
    endsAt: ms(row.ends_at),
    untilResolved: row.until_resolved,
    ticketIds: row.ticket_ids,
    createdBy: row.created_by,
    createdAt: row.created_at.getTime(),
    expiredAt: ms(row.expired_at),
    expiredBy: row.expired_by,
  };
}

function toFeedback(row: FeedbackRow): FeedbackRecord {
  return {
    id: row.id,
    seq: Number(row.seq),
    tenant: row.tenant,
    device: row.device,
    failureMode: row.failure_mode,
    metrics: row.metrics,
    ticketId: row.ticket_id,
    comment: row.comment,
    createdBy: row.created_by,
    createdAt: row.created_at.getTime(),
    expiresAt: row.expires_at.getTime(),
    revokedAt: ms(row.revoked_at),
    revokedBy: row.revoked_by,
  };
}

/**
 * The only code that touches the NOC operations tables: maintenance windows, silences, suppressed
 * evidence, false-positive feedback, escalations and the end-of-window sweep position.
 */
export class NocRepository {
  constructor(readonly db: Database) {}

  // --- maintenance windows -------------------------------------------------------------------------

  async insertWindow(window: WindowRecord, queryable: Queryable = this.db): Promise<WindowRecord> {
    const { rows } = await queryable.query<WindowRow>(
      `INSERT INTO maintenance_windows (id, tenant, devices, site, start_local, duration_minutes, time_zone, rrule,
         comment, created_by, created_at, updated_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1) RETURNING ${WINDOW_COLUMNS}`,
      [
        window.id,
        window.tenant,
        window.devices === null ? null : JSON.stringify(window.devices),
        window.site,
        window.start,
        window.durationMinutes,
        window.timeZone,
        window.rrule,
        window.comment,
        window.createdBy,
        date(window.createdAt),
      ],
    );
    return toWindow(rows[0]);
  }

  /** Replaces the window's fields when its version is `version`; null when it moved on or is gone. */
  async updateWindow(
    window: WindowRecord,
    version: number,
    now: number,
    queryable: Queryable = this.db,
  ): Promise<WindowRecord | null> {
    const { rows } = await queryable.query<WindowRow>(
      `UPDATE maintenance_windows SET devices = $2, site = $3, start_local = $4, duration_minutes = $5,
         time_zone = $6, rrule = $7, comment = $8, updated_at = $9, version = version + 1
       WHERE id = $1 AND version = $10 RETURNING ${WINDOW_COLUMNS}`,
      [
        window.id,
        window.devices === null ? null : JSON.stringify(window.devices),
        window.site,
        window.start,
        window.durationMinutes,
        window.timeZone,
        window.rrule,
        window.comment,
        date(now),
        version,
      ],
    );
    return rows[0] ? toWindow(rows[0]) : null;
  }

  async deleteWindow(id: string, queryable: Queryable = this.db): Promise<boolean> {
    const { rowCount } = await queryable.query('DELETE FROM maintenance_windows WHERE id = $1', [id]);
    return rowCount > 0;
  }

  async findWindow(id: string, queryable: Queryable = this.db): Promise<WindowRecord | null> {
    const { rows } = await queryable.query<WindowRow>(
      `SELECT ${WINDOW_COLUMNS} FROM maintenance_windows WHERE id = $1`,
      [id],
    );
    return rows[0] ? toWindow(rows[0]) : null;
  }

  /** Every window (of `tenant`), oldest first. */
  async listWindows(tenant: string | null = null): Promise<WindowRecord[]> {
    const { rows } =
      tenant === null
        ? await this.db.query<WindowRow>(
            `SELECT ${WINDOW_COLUMNS} FROM maintenance_windows ORDER BY created_at, id LIMIT 10000`,
          )
        : await this.db.query<WindowRow>(
            `SELECT ${WINDOW_COLUMNS} FROM maintenance_windows WHERE tenant = $1 ORDER BY created_at, id LIMIT 10000`,
            [tenant],
          );
    return rows.map(toWindow);
  }

  // --- silences ------------------------------------------------------------------------------------

  async insertSilence(tx: Queryable, s: Omit<SilenceRecord, 'seq'>): Promise<SilenceRecord> {
    const { rows } = await tx.query<SilenceRow>(
      `INSERT INTO silences (id, tenant, device, site, failure_mode, comment, starts_at, ends_at, until_resolved,
         ticket_ids, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${SILENCE_COLUMNS}`,
      [
        s.id,
        s.tenant,
        s.device,
        s.site,
        s.failureMode,
        s.comment,
        date(s.startsAt),
        date(s.endsAt),
        s.untilResolved,
        JSON.stringify(s.ticketIds),
        s.createdBy,
        date(s.createdAt),
      ],
    );
    return toSilence(rows[0]);
  }

  async findSilence(id: string, queryable: Queryable = this.db, lock = false): Promise<SilenceRecord | null> {
    const { rows } = await queryable.query<SilenceRow>(
      `SELECT ${SILENCE_COLUMNS} FROM silences WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toSilence(rows[0]) : null;
  }

  /** Newest first; `state` active: not ended yet. */
  async listSilences(filter: { tenant?: string; state?: 'active' | 'expired' }): Promise<SilenceRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.tenant !== undefined) {
      params.push(filter.tenant);
      where.push(`tenant = $${params.length}`);
    }
    if (filter.state === 'active') where.push('expired_at IS NULL');
    if (filter.state === 'expired') where.push('expired_at IS NOT NULL');
    const { rows } = await this.db.query<SilenceRow>(
      `SELECT ${SILENCE_COLUMNS} FROM silences ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT 1000`,
      params,
    );
    return rows.map(toSilence);
  }

  /** Silences not ended yet (their end time may have passed: the sweep ends them). */
  async activeSilences(queryable: Queryable = this.db): Promise<SilenceRecord[]> {
    const { rows } = await queryable.query<SilenceRow>(
      `SELECT ${SILENCE_COLUMNS} FROM silences WHERE expired_at IS NULL ORDER BY seq LIMIT 10000`,
    );
    return rows.map(toSilence);
  }

  /**
   * Silences due to end at `now`: their end time passed, or (until resolved) none of their tickets is
   * still open.
   */
  async silencesToEnd(now: number): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT s.id FROM silences s WHERE s.expired_at IS NULL AND (
         (s.ends_at IS NOT NULL AND s.ends_at <= $1)
         OR (s.until_resolved AND NOT EXISTS (
           SELECT 1 FROM tickets t WHERE t.status <> 'resolved'
             AND t.id::text IN (SELECT jsonb_array_elements_text(s.ticket_ids)))))
       LIMIT 1000`,
      [date(now)],
    );
    return rows.map((r) => r.id);
  }

  async endSilence(tx: Queryable, id: string, at: number, by: string): Promise<SilenceRecord | null> {
    const { rows } = await tx.query<SilenceRow>(
      `UPDATE silences SET expired_at = $2, expired_by = $3 WHERE id = $1 AND expired_at IS NULL
       RETURNING ${SILENCE_COLUMNS}`,
      [id, date(at), by],
    );
    return rows[0] ? toSilence(rows[0]) : null;
  }

  // --- suppressed evidence -------------------------------------------------------------------------

  async insertSuppressed(tx: Queryable, r: Omit<SuppressedRecord, 'id'>): Promise<void> {
    await tx.query(
      `INSERT INTO suppressed_evidence (tenant, device, window_id, event_id, type, metric, failure_mode, at, score,
         recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        r.tenant,
        r.device,
        r.windowId,
        r.eventId,
        r.type,
        r.metric,
        r.failureMode,
        date(r.at),
        r.score,
        date(r.recordedAt),
      ],
    );
  }

  /** Newest first, after `cursor` (an id) when given. */
  async listSuppressed(
    filter: { tenant?: string; device?: string; windowId?: string },
    limit: number,
    cursor: number | null,
  ): Promise<SuppressedRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['tenant', filter.tenant],
      ['device', filter.device],
      ['window_id', filter.windowId],
    ] as const) {
      if (value === undefined) continue;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    }
    if (cursor !== null) {
      params.push(cursor);
      where.push(`id < $${params.length}`);
    }
    params.push(limit);
    const { rows } = await this.db.query<{
      id: string;
      tenant: string;
      device: string;
      window_id: string;
      event_id: string;
      type: string;
      metric: string;
      failure_mode: string;
      at: Date;
      score: number;
      recorded_at: Date;
    }>(
      `SELECT id, tenant, device, window_id, event_id, type, metric, failure_mode, at, score, recorded_at
       FROM suppressed_evidence ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      tenant: r.tenant,
      device: r.device,
      windowId: r.window_id,
      eventId: r.event_id,
      type: r.type,
      metric: r.metric,
      failureMode: r.failure_mode,
      at: r.at.getTime(),
      score: r.score,
      recordedAt: r.recorded_at.getTime(),
    }));
  }

  async pruneSuppressed(before: number): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM suppressed_evidence WHERE recorded_at < $1', [
      date(before),
    ]);
    return rowCount;
  }

  // --- retired devices -----------------------------------------------------------------------------

  /** Retires the device; false when it already was (the first retirement stands). */
  async insertRetired(tx: Queryable, r: RetiredRecord): Promise<boolean> {
    const { rows } = await tx.query<{ tenant: string }>(
      `INSERT INTO retired_devices (tenant, device, comment, retired_by, retired_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant, device) DO NOTHING RETURNING tenant`,
      [r.tenant, r.device, r.comment, r.retiredBy, date(r.retiredAt)],
    );
    return rows.length === 1;
  }

  async findRetired(
    tenant: string,
    device: string,
    queryable: Queryable = this.db,
  ): Promise<RetiredRecord | null> {
    const { rows } = await queryable.query<RetiredRow>(
      'SELECT * FROM retired_devices WHERE tenant = $1 AND device = $2',
      [tenant, device],
    );
    return rows[0] ? toRetired(rows[0]) : null;
  }

  /** Undoes a retirement; false when the device was not retired. */
  async deleteRetired(tenant: string, device: string): Promise<boolean> {
    const { rows } = await this.db.query<{ tenant: string }>(
      'DELETE FROM retired_devices WHERE tenant = $1 AND device = $2 RETURNING tenant',
      [tenant, device],
    );
    return rows.length === 1;
  }

  /** Oldest first; of one tenant or all. */
  async listRetired(tenant: string | null = null, queryable: Queryable = this.db): Promise<RetiredRecord[]> {
    const { rows } = await queryable.query<RetiredRow>(
      `SELECT * FROM retired_devices ${tenant === null ? '' : 'WHERE tenant = $1'} ORDER BY retired_at, tenant, device`,
      tenant === null ? [] : [tenant],
    );
    return rows.map(toRetired);
  }

  // --- false-positive feedback ---------------------------------------------------------------------

  async insertFeedback(tx: Queryable, f: Omit<FeedbackRecord, 'seq'>): Promise<FeedbackRecord> {
    const { rows } = await tx.query<FeedbackRow>(
      `INSERT INTO feedback (id, tenant, device, failure_mode, metrics, ticket_id, comment, created_by, created_at,
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${FEEDBACK_COLUMNS}`,
      [
        f.id,
        f.tenant,
        f.device,
        f.failureMode,
        JSON.stringify(f.metrics),
        f.ticketId,
        f.comment,
        f.createdBy,
        date(f.createdAt),
        date(f.expiresAt),
      ],
    );
    return toFeedback(rows[0]);
  }

  async findFeedback(
    id: string,
    queryable: Queryable = this.db,
    lock = false,
  ): Promise<FeedbackRecord | null> {
    const { rows } = await queryable.query<FeedbackRow>(
      `SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toFeedback(rows[0]) : null;
  }

  /** Newest first. */
  async listFeedback(filter: { tenant?: string; device?: string }): Promise<FeedbackRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['tenant', filter.tenant],
      ['device', filter.device],
    ] as const) {
      if (value === undefined) continue;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    }
    const { rows } = await this.db.query<FeedbackRow>(
      `SELECT ${FEEDBACK_COLUMNS} FROM feedback ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT 1000`,
      params,
    );
    return rows.map(toFeedback);
  }

  /** Rules in force at `now` (not revoked, not expired). */
  async activeFeedback(now: number): Promise<FeedbackRecord[]> {
    const { rows } = await this.db.query<FeedbackRow>(
      `SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE revoked_at IS NULL AND expires_at > $1 ORDER BY seq LIMIT 10000`,
      [date(now)],
    );
    return rows.map(toFeedback);
  }

  async revokeFeedback(tx: Queryable, id: string, at: number, by: string): Promise<FeedbackRecord | null> {
    const { rows } = await tx.query<FeedbackRow>(
      `UPDATE feedback SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL
       RETURNING ${FEEDBACK_COLUMNS}`,
      [id, date(at), by],
    );
    return rows[0] ? toFeedback(rows[0]) : null;
  }

  // --- escalations ---------------------------------------------------------------------------------

  /** (Re)arms the ticket's escalation: step 0 of `policy`, due at `nextAt`. */
  async armEscalation(
    tx: Queryable,
    ticketId: string,
    policy: string,
    armedAt: number,
    nextAt: number | null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ticket_escalations (ticket_id, policy, armed_at, fired, next_at) VALUES ($1, $2, $3, 0, $4)
       ON CONFLICT (ticket_id) DO UPDATE SET policy = $2, armed_at = $3, fired = 0, next_at = $4`,
      [ticketId, policy, date(armedAt), date(nextAt)],
    );
  }

  /** Stops the ticket's escalation (acknowledged, resolved). */
  async stopEscalation(tx: Queryable, ticketId: string): Promise<void> {
    await tx.query('UPDATE ticket_escalations SET next_at = NULL WHERE ticket_id = $1', [ticketId]);
  }

  /** Tickets whose next escalation step is due at `now` (wall clock). */
  async dueEscalations(now: number, limit = 200): Promise<string[]> {
    const { rows } = await this.db.query<{ ticket_id: string }>(
      `SELECT ticket_id FROM ticket_escalations WHERE next_at IS NOT NULL AND next_at <= $1
       ORDER BY next_at LIMIT $2`,
      [date(now), limit],
    );
    return rows.map((r) => r.ticket_id);
  }

  async lockEscalation(tx: Queryable, ticketId: string): Promise<EscalationRecord | null> {
    const { rows } = await tx.query<{
      ticket_id: string;
      policy: string;
      armed_at: Date;
      fired: number;
      next_at: Date | null;
    }>(
      'SELECT ticket_id, policy, armed_at, fired, next_at FROM ticket_escalations WHERE ticket_id = $1 FOR UPDATE',
      [ticketId],
    );
    const row = rows[0];
    return row
      ? {
          ticketId: row.ticket_id,
          policy: row.policy,
          armedAt: row.armed_at.getTime(),
          fired: row.fired,
          nextAt: ms(row.next_at),
        }
      : null;
  }

  async saveEscalation(tx: Queryable, e: EscalationRecord): Promise<void> {
    await tx.query(
      'UPDATE ticket_escalations SET policy = $2, armed_at = $3, fired = $4, next_at = $5 WHERE ticket_id = $1',
      [e.ticketId, e.policy, date(e.armedAt), e.fired, date(e.nextAt)],
    );
  }

  /** Acknowledged tickets nobody acted on since `before` (wall clock). */
  async staleAcknowledgements(before: number, limit = 200): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM tickets WHERE status = 'acknowledged' AND coalesce(last_activity_at, updated_at) <= $1
       LIMIT $2`,
      [date(before), limit],
    );
    return rows.map((r) => r.id);
  }

  /** Devices of `tenant` with hysteresis candidates (and their site), for the end of a window. */
  async devicesWithCandidates(tenant: string): Promise<{ device: string; site: string | null }[]> {
    const { rows } = await this.db.query<{ device: string; site: string | null }>(
      `SELECT device, site FROM device_states WHERE tenant = $1 AND jsonb_array_length(candidates) > 0 LIMIT 10000`,
      [tenant],
    );
    return rows;
  }

  // --- the end-of-window sweep position -------------------------------------------------------------

  async sweptThrough(): Promise<number | null> {
    const { rows } = await this.db.query<{ swept_through: Date }>(
      'SELECT swept_through FROM maintenance_sweep',
    );
    return rows[0] ? rows[0].swept_through.getTime() : null;
  }

  async setSweptThrough(at: number): Promise<void> {
    await this.db.query(
      `INSERT INTO maintenance_sweep (singleton, swept_through) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET swept_through = greatest(maintenance_sweep.swept_through, $1)`,
      [date(at)],
    );
  }
}
