import type { Database, Queryable } from '@preempt/storage';

import type { AuditNote, DeviceState, TicketState, TicketStatus } from '../correlation/correlation.types';
import type { AuditEntryAction, AuditRecord, TicketFilter, TicketPage, TicketRecord } from './ticket.record';
import { type AuditRow, type TicketRow, toAuditRecord, toTicketRecord } from './ticket.rows';

const TICKET_COLUMNS = `id, seq, tenant, device, failure_mode, severity, status, detected_at, opened_at, updated_at,
  last_evidence_at, recovered_at, predicted_breach_at, predicted_breach_earliest, predicted_breach_latest,
  evidence, occurrence_count, recommended_action, version, resolved_at, resolution, assignee,
  device_silent_since, reporting_since, site`;

const date = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms));

/** The only code that touches the ticket tables. Methods taking `tx` run inside the caller's transaction. */
export class TicketRepository {
  constructor(readonly db: Database) {}

  /** Records an event id; false when it was applied before (the event is then a no-op). */
  async markApplied(tx: Queryable, eventId: string, now: number): Promise<boolean> {
    const { rows } = await tx.query(
      'INSERT INTO applied_events (event_id, applied_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [eventId, date(now)],
    );
    return rows.length === 1;
  }

  /** Locks the device's row (created on first use): serialises every event of one device across processes. */
  async lockDevice(tx: Queryable, tenant: string, device: string, now: number): Promise<DeviceState> {
    await tx.query(
      `INSERT INTO device_states (tenant, device, watermark, candidates, updated_at) VALUES ($1, $2, 0, '[]', $3)
       ON CONFLICT DO NOTHING`,
      [tenant, device, date(now)],
    );
    const { rows } = await tx.query<{
      watermark: string;
      candidates: DeviceState['candidates'];
      site: string | null;
    }>('SELECT watermark, candidates, site FROM device_states WHERE tenant = $1 AND device = $2 FOR UPDATE', [
      tenant,
      device,
    ]);
    return {
      tenant,
      device,
      watermark: Number(rows[0].watermark),
      candidates: rows[0].candidates,
      site: rows[0].site,
    };
  }

  async saveDevice(tx: Queryable, state: DeviceState, now: number): Promise<void> {
    await tx.query(
      `UPDATE device_states SET watermark = $3, candidates = $4, updated_at = $5, site = coalesce($6, site)
       WHERE tenant = $1 AND device = $2`,
      [
        state.tenant,
        state.device,
        state.watermark,
        JSON.stringify(state.candidates),
        date(now),
        state.site ?? null,
      ],
    );
  }

  /**
   * The device's open and acknowledged tickets, locked until the transaction ends; with `reopenSince`
   * (event time) also its auto-resolved ones whose latest evidence is that recent (candidates to reopen).
   */
  async lockOpenTickets(
    tx: Queryable,
    tenant: string,
    device: string,
    reopenSince: number | null = null,
  ): Promise<TicketRecord[]> {
    const { rows } = await tx.query<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets WHERE tenant = $1 AND device = $2
         AND (status <> 'resolved' OR (resolution = 'auto' AND last_evidence_at >= $3::timestamptz))
       ORDER BY seq FOR UPDATE`,
      [tenant, device, date(reopenSince)],
    );
    return rows.map(toTicketRecord);
  }

  async insertTicket(
    tx: Queryable,
    ticket: TicketState,
    now: number,
    site: string | null = null,
  ): Promise<TicketRecord> {
    const { rows } = await tx.query<TicketRow>(
      `INSERT INTO tickets (id, tenant, device, failure_mode, severity, status, detected_at, opened_at, updated_at,
         last_evidence_at, recovered_at, predicted_breach_at, predicted_breach_earliest, predicted_breach_latest,
         evidence, occurrence_count, recommended_action, version, resolved_at, resolution, device_silent_since,
         reporting_since, site)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $18, $19, $20, $21)
       RETURNING ${TICKET_COLUMNS}`,
      [
        ticket.id,
        ticket.tenant,
        ticket.device,
        ticket.failureMode,
        ticket.severity,
        ticket.status,
        date(ticket.detectedAt),
        date(now),
        date(ticket.lastEvidenceAt),
        date(ticket.recoveredAt),
        date(ticket.predictedBreach?.at),
        date(ticket.predictedBreach?.earliest),
        date(ticket.predictedBreach?.latest),
        JSON.stringify(ticket.evidence),
        ticket.occurrenceCount,
        ticket.recommendedAction,
        ticket.status === 'resolved' ? date(now) : null,
        ticket.resolution,
        date(ticket.deviceSilentSince),
        date(ticket.reportingSince),
        site,
      ],
    );
    return toTicketRecord(rows[0]);
  }

  /** Writes the rules' new state of a locked ticket; bumps the version. */
  async updateTicket(
    tx: Queryable,
    ticket: TicketState,
    now: number,
    site: string | null = null,
  ): Promise<TicketRecord> {
    const { rows } = await tx.query<TicketRow>(
      `UPDATE tickets SET severity = $2, status = $3::text, last_evidence_at = $4, recovered_at = $5,
         predicted_breach_at = $6, predicted_breach_earliest = $7, predicted_breach_latest = $8, evidence = $9,
         occurrence_count = $10, recommended_action = $11, resolution = $12, failure_mode = $14,
         device_silent_since = $15, reporting_since = $16, site = coalesce($17, site),
         resolved_at = CASE WHEN $3::text = 'resolved' THEN coalesce(resolved_at, $13::timestamptz) ELSE NULL END,
         updated_at = $13::timestamptz, version = version + 1
       WHERE id = $1 RETURNING ${TICKET_COLUMNS}`,
      [
        ticket.id,
        ticket.severity,
        ticket.status,
        date(ticket.lastEvidenceAt),
        date(ticket.recoveredAt),
        date(ticket.predictedBreach?.at),
        date(ticket.predictedBreach?.earliest),
        date(ticket.predictedBreach?.latest),
        JSON.stringify(ticket.evidence),
        ticket.occurrenceCount,
        ticket.recommendedAction,
        ticket.resolution,
        date(now),
        ticket.failureMode,
        date(ticket.deviceSilentSince),
        date(ticket.reportingSince),
        site,
      ],
    );
    return toTicketRecord(rows[0]);
  }

  /**
   * Sets the status of a ticket the caller locked (`find(id, tx, true)`); the version check makes a lost
   * update impossible even without the lock. Null when the version moved on.
   */
  async setStatus(
    tx: Queryable,
    id: string,
    to: TicketStatus,
    version: number,
    now: number,
    options: { resolution?: 'manual' | 'false_positive'; human?: boolean } = {},
  ): Promise<TicketRecord | null> {
    const { rows } = await tx.query<TicketRow>(
      `UPDATE tickets SET status = $2::text, updated_at = $3::timestamptz, version = version + 1,
         resolved_at = CASE WHEN $2::text = 'resolved' THEN $3::timestamptz ELSE NULL END,
         resolution = CASE WHEN $2::text = 'resolved' THEN $5::text ELSE NULL END,
         last_activity_at = CASE WHEN $6::boolean THEN $3::timestamptz ELSE last_activity_at END
       WHERE id = $1 AND version = $4
       RETURNING ${TICKET_COLUMNS}`,
      [id, to, date(now), version, options.resolution ?? 'manual', options.human ?? true],
    );
    return rows[0] ? toTicketRecord(rows[0]) : null;
  }

  /**
   * Gives a ticket the caller locked to `assignee` (null: nobody); bumps the version. Null when the version
   * moved on.
   */
  async setAssignee(
    tx: Queryable,
    id: string,
    assignee: string | null,
    version: number,
    now: number,
  ): Promise<TicketRecord | null> {
    const { rows } = await tx.query<TicketRow>(
      `UPDATE tickets SET assignee = $2, updated_at = $3, last_activity_at = $3, version = version + 1
       WHERE id = $1 AND version = $4
       RETURNING ${TICKET_COLUMNS}`,
      [id, assignee, date(now), version],
    );
    return rows[0] ? toTicketRecord(rows[0]) : null;
  }

  async appendAudit(
    tx: Queryable,
    ticketId: string,
    entry: { action: AuditEntryAction; actor: string; comment: string | null } & Partial<
      Pick<AuditNote, 'fromStatus' | 'toStatus'> & Pick<AuditRecord, 'assignee'>
    >,
    now: number,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ticket_audit (ticket_id, seq, action, actor, at, comment, from_status, to_status, assignee)
       VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM ticket_audit WHERE ticket_id = $1), $2, $3, $4, $5, $6, $7, $8)`,
      [
        ticketId,
        entry.action,
        entry.actor,
        date(now),
        entry.comment,
        entry.fromStatus ?? null,
        entry.toStatus ?? null,
        entry.assignee ?? null,
      ],
    );
  }

  /**
   * Open and acknowledged tickets matching a silence's matchers (null: any), with their device's site;
   * locked when `lock` (in id order, like every ticket lock).
   */
  async openMatching(
    queryable: Queryable,
    m: { tenant: string; device: string | null; site: string | null; failureMode: string | null },
    lock = false,
  ): Promise<(TicketRecord & { site: string | null })[]> {
    const { rows } = await queryable.query<TicketRow & { site: string | null }>(
      `SELECT ${TICKET_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1t.$2')}, d.site FROM tickets t
         LEFT JOIN device_states d ON d.tenant = t.tenant AND d.device = t.device
       WHERE t.tenant = $1 AND t.status <> 'resolved' AND ($2::text IS NULL OR t.device = $2)
         AND ($3::text IS NULL OR d.site = $3) AND ($4::text IS NULL OR t.failure_mode = $4)
       ORDER BY t.id LIMIT 1000${lock ? ' FOR UPDATE OF t' : ''}`,
      [m.tenant, m.device, m.site, m.failureMode],
    );
    return rows.map((row) => ({ ...toTicketRecord(row), site: row.site }));
  }

  /** Whether the device already had a ticket for the silence that began after `lastSeenAt` (any status). */
  async hadSilenceTicket(
    tx: Queryable,
    tenant: string,
    device: string,
    lastSeenAt: number,
  ): Promise<boolean> {
    const { rows } = await tx.query(
      `SELECT 1 FROM tickets WHERE tenant = $1 AND device = $2 AND failure_mode = 'device_silent'
         AND device_silent_since = $3 LIMIT 1`,
      [tenant, device, date(lastSeenAt)],
    );
    return rows.length > 0;
  }

  /** A human acted on the ticket (a comment): the acknowledgement expiry starts again. */
  async touch(tx: Queryable, id: string, now: number): Promise<void> {
    await tx.query('UPDATE tickets SET last_activity_at = $2 WHERE id = $1', [id, date(now)]);
  }

  /** The device's known site (from its events), or null. */
  async siteOf(queryable: Queryable, tenant: string, device: string): Promise<string | null> {
    const { rows } = await queryable.query<{ site: string | null }>(
      'SELECT site FROM device_states WHERE tenant = $1 AND device = $2',
      [tenant, device],
    );
    return rows[0]?.site ?? null;
  }

  async find(id: string, queryable: Queryable = this.db, lock = false): Promise<TicketRecord | null> {
    const { rows } = await queryable.query<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toTicketRecord(rows[0]) : null;
  }

  async audit(id: string): Promise<AuditRecord[]> {
    const { rows } = await this.db.query<AuditRow>(
      'SELECT seq, action, actor, at, comment, from_status, to_status, assignee FROM ticket_audit WHERE ticket_id = $1 ORDER BY seq',
      [id],
    );
    return rows.map(toAuditRecord);
  }

  /** Newest first (by creation order); `cursor` is the opaque `nextCursor` of the previous page. */
  async list(filter: TicketFilter, limit: number, cursor: string | null): Promise<TicketPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['status', filter.status],
      ['severity', filter.severity],
      ['tenant', filter.tenant],
      ['device', filter.device],
    ] as const) {
      if (value === undefined) continue;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    }
    if (filter.assignee === null) where.push('assignee IS NULL');
    else if (filter.assignee !== undefined) {
      params.push(filter.assignee);
      where.push(`assignee = $${params.length}`);
    }
    const filterSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const { rows: count } = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM tickets ${filterSql}`,
      params,
    );
    const pageParams = [...params];
    const pageWhere = [...where];
    if (cursor !== null) {
      pageParams.push(cursor);
      pageWhere.push(`seq < $${pageParams.length}`);
    }
    pageParams.push(limit + 1);
    const { rows } = await this.db.query<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${pageParams.length}`,
      pageParams,
    );
    const items = rows.slice(0, limit).map(toTicketRecord);
    const more = rows.length > limit;
    return { items, total: Number(count[0].n), nextCursor: more ? String(rows[limit - 1].seq) : null };
  }

  /** Devices with a ticket that may be due for auto-resolution at event time `now`. */
  async devicesToSweep(
    now: number,
    holdMs: number,
    silenceMs: number,
  ): Promise<{ tenant: string; device: string }[]> {
    const { rows } = await this.db.query<{ tenant: string; device: string }>(
      `SELECT DISTINCT tenant, device FROM tickets WHERE status <> 'resolved'
         AND (recovered_at <= $1 OR last_evidence_at <= $2) LIMIT 1000`,
      [date(now - holdMs), date(now - silenceMs)],
    );
    return rows;
  }

  /** Forgets applied event ids older than `before` (wall clock); returns how many. */
  async pruneApplied(before: number): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM applied_events WHERE applied_at < $1', [
      date(before),
    ]);
    return rowCount;
  }
}
