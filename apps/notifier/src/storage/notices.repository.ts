import { randomUUID } from 'node:crypto';

import type { TicketLifecycleMessage } from '@preempt/contracts';
import type { Database, Queryable } from '@preempt/storage';

import type { NoticeKind } from '../subscriptions/subscription';
import type { MaintenanceDetails } from '../templates';

export type DeliveryStatus =
  'pending' | 'sending' | 'delivered' | 'failed' | 'batched' | 'digested' | 'cancelled';

export interface TicketState {
  ticketId: string;
  tenant: string;
  lastEventId: number;
  message: TicketLifecycleMessage;
  maintenance: MaintenanceDetails | null;
}

export interface NewNotice {
  source: string;
  subscriptionId: string;
  tenant: string;
  ticketId: string | null;
  kind: NoticeKind;
  language: string;
  subject: string;
  body: string;
  /** what the channel sends: the webhook body, the HTML part, ... */
  payload: Record<string, unknown>;
  urgent: boolean;
  channel: string;
  dueAt: Date;
  heldUntil: Date | null;
  status: 'pending' | 'batched';
}

export interface NoticeRecord {
  id: string;
  seq: number;
  source: string;
  subscriptionId: string;
  tenant: string;
  ticketId: string | null;
  kind: NoticeKind;
  language: string;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  urgent: boolean;
  createdAt: string;
}

export interface DeliveryRecord {
  id: string;
  noticeId: string;
  subscriptionId: string;
  ticketId: string | null;
  channel: string;
  status: DeliveryStatus;
  dueAt: string;
  heldUntil: string | null;
  attempts: number;
  firstAttemptAt: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  digestId: string | null;
}

export interface AttemptRecord {
  seq: number;
  at: string;
  outcome: 'delivered' | 'retry' | 'failed';
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- rows are mapped field by field below */
const iso = (value: any): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();

const toNotice = (r: any): NoticeRecord => ({
  id: r.id,
  seq: Number(r.seq),
  source: r.source,
  subscriptionId: r.subscription_id,
  tenant: r.tenant,
  ticketId: r.ticket_id,
  kind: r.kind,
  language: r.language,
  subject: r.subject,
  body: r.body,
  payload: r.payload,
  urgent: r.urgent,
  createdAt: iso(r.created_at)!,
});

const toDelivery = (r: any): DeliveryRecord => ({
  id: r.id,
  noticeId: r.notice_id,
  subscriptionId: r.subscription_id,
  ticketId: r.ticket_id,
  channel: r.channel,
  status: r.status,
  dueAt: iso(r.due_at)!,
  heldUntil: iso(r.held_until),
  attempts: r.attempts,
  firstAttemptAt: iso(r.first_attempt_at),
  lastError: r.last_error,
  deliveredAt: iso(r.delivered_at),
  digestId: r.digest_id,
});
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Notices, their deliveries and attempts, the tickets' latest state, reminders: the notifier's SQL. */
export class NoticesRepository {
  constructor(readonly db: Database) {}

  async ticketState(ticketId: string, db: Queryable = this.db): Promise<TicketState | null> {
    const { rows } = await db.query<{
      ticket_id: string;
      tenant: string;
      last_event_id: string;
      message: TicketLifecycleMessage;
      maintenance: MaintenanceDetails | null;
    }>('SELECT * FROM notifier_tickets WHERE ticket_id = $1', [ticketId]);
    const r = rows[0];
    return r
      ? {
          ticketId: r.ticket_id,
          tenant: r.tenant,
          lastEventId: Number(r.last_event_id),
          message: r.message,
          maintenance: r.maintenance,
        }
      : null;
  }

  /** Locks the ticket's row (one handler at a time per ticket, across processes); creates it if new. */
  async lockTicket(tx: Queryable, message: TicketLifecycleMessage, now: Date): Promise<TicketState | null> {
    await tx.query(
      `INSERT INTO notifier_tickets (ticket_id, tenant, last_event_id, message, updated_at)
       VALUES ($1, $2, 0, $3, $4) ON CONFLICT (ticket_id) DO NOTHING`,
      [message.ticket.id, message.ticket.tenant, JSON.stringify(message), now],
    );
    await tx.query('SELECT 1 FROM notifier_tickets WHERE ticket_id = $1 FOR UPDATE', [message.ticket.id]);
    const state = await this.ticketState(message.ticket.id, tx);
    return state && state.lastEventId > 0 ? state : null;
  }

  async saveTicket(
    tx: Queryable,
    message: TicketLifecycleMessage,
    maintenance: MaintenanceDetails | null,
    now: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE notifier_tickets SET last_event_id = $2, message = $3, maintenance = $4, updated_at = $5
       WHERE ticket_id = $1`,
      [
        message.ticket.id,
        message.id,
        JSON.stringify(message),
        maintenance ? JSON.stringify(maintenance) : null,
        now,
      ],
    );
  }

  /** The subscriptions that already had a notice about the ticket. */
  async toldAbout(tx: Queryable, ticketId: string): Promise<Set<string>> {
    const { rows } = await tx.query<{ subscription_id: string }>(
      'SELECT DISTINCT subscription_id FROM notifier_notices WHERE ticket_id = $1',
      [ticketId],
    );
    return new Set(rows.map((r) => r.subscription_id));
  }

  /**
   * Serialises the rate decisions of one subscription across concurrent transactions (tickets are handled
   * in parallel): the count that follows sees every notice committed before (READ COMMITTED).
   */
  async lockSubscription(tx: Queryable, subscriptionId: string): Promise<void> {
    await tx.query('SELECT 1 FROM notifier_subscriptions WHERE id = $1 FOR NO KEY UPDATE', [subscriptionId]);
  }

  /** Notices of the subscription since `since` (not digests): the digest's rate measure. */
  async recentCount(tx: Queryable, subscriptionId: string, since: Date): Promise<number> {
    const { rows } = await tx.query<{ n: string }>(
      `SELECT count(*) AS n FROM notifier_notices WHERE subscription_id = $1 AND created_at > $2 AND kind <> 'digest'`,
      [subscriptionId, since],
    );
    return Number(rows[0].n);
  }

  /**
   * The notice and its delivery (the outbox row), in the caller's transaction. A second notice from the
   * same source for the same subscription (a redelivered message) is a no-op: null.
   */
  async insertNotice(
    tx: Queryable,
    notice: NewNotice,
    now: Date,
  ): Promise<{ noticeId: string; deliveryId: string } | null> {
    const noticeId = randomUUID();
    const inserted = await tx.query(
      `INSERT INTO notifier_notices (id, source, subscription_id, tenant, ticket_id, kind, language, subject, body,
         payload, urgent, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (source, subscription_id) DO NOTHING`,
      [
        noticeId,
        notice.source,
        notice.subscriptionId,
        notice.tenant,
        notice.ticketId,
        notice.kind,
        notice.language,
        notice.subject,
        notice.body,
        JSON.stringify(notice.payload),
        notice.urgent,
        now,
      ],
    );
    if (inserted.rowCount === 0) return null;
    const deliveryId = randomUUID();
    await tx.query(
      `INSERT INTO notifier_deliveries (id, notice_id, subscription_id, ticket_id, channel, status, due_at, held_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        deliveryId,
        noticeId,
        notice.subscriptionId,
        notice.ticketId,
        notice.channel,
        notice.status,
        notice.dueAt,
        notice.heldUntil,
      ],
    );
    return { noticeId, deliveryId };
  }

  /**
   * Claims due deliveries for sending: each gets a lease (a process that dies mid-send leaves it to be sent
   * again, same id, once the lease ends). Per subscription and ticket, one at a time and in order.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<DeliveryRecord[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        `UPDATE notifier_deliveries SET status = 'sending', lease_until = $2
         WHERE id IN (
           SELECT d.id FROM notifier_deliveries d
           WHERE ((d.status = 'pending' AND d.due_at <= $1) OR (d.status = 'sending' AND d.lease_until <= $1))
             AND NOT EXISTS (
               SELECT 1 FROM notifier_deliveries e
               WHERE e.subscription_id = d.subscription_id AND e.ticket_id = d.ticket_id AND e.seq < d.seq
                 AND e.due_at <= d.due_at
                 AND (e.status = 'sending' OR (e.status = 'pending')))
           ORDER BY d.due_at, d.seq LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, new Date(now.getTime() + leaseMs), limit],
      );
      return rows.map(toDelivery);
    });
  }

  async notice(id: string, db: Queryable = this.db): Promise<NoticeRecord | null> {
    const { rows } = await db.query('SELECT * FROM notifier_notices WHERE id = $1', [id]);
    return rows[0] ? toNotice(rows[0]) : null;
  }

  /** Records one attempt and the delivery's new state, in one transaction (with `also`'s work, if any). */
  async recordAttempt(
    deliveryId: string,
    attempt: Omit<AttemptRecord, 'seq'>,
    next: { status: 'delivered' | 'pending' | 'failed'; dueAt?: Date; error?: string | null },
    also?: (tx: Queryable) => Promise<void>,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO notifier_attempts (delivery_id, seq, at, outcome, status_code, error, duration_ms)
         SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6 FROM notifier_attempts WHERE delivery_id = $1`,
        [deliveryId, attempt.at, attempt.outcome, attempt.statusCode, attempt.error, attempt.durationMs],
      );
      await tx.query(
        `UPDATE notifier_deliveries SET status = $2, attempts = attempts + 1,
           first_attempt_at = coalesce(first_attempt_at, $3), due_at = coalesce($4, due_at), lease_until = NULL,
           last_error = $5, delivered_at = CASE WHEN $2 = 'delivered' THEN $3::timestamptz ELSE delivered_at END
         WHERE id = $1`,
        [deliveryId, next.status, attempt.at, next.dueAt ?? null, next.error ?? null],
      );
      await also?.(tx);
    });
  }

  /** A delivery that has nowhere to go (its subscription was deleted or disabled meanwhile). */
  async cancel(deliveryId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE notifier_deliveries SET status = 'cancelled', lease_until = NULL, last_error = $2 WHERE id = $1`,
      [deliveryId, reason],
    );
  }

  /** NOC retry of a failed delivery: due now, same id; its attempts are kept. */
  async retry(deliveryId: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE notifier_deliveries SET status = 'pending', due_at = $2, first_attempt_at = NULL
       WHERE id = $1 AND status IN ('failed', 'cancelled')`,
      [deliveryId, now],
    );
    return rowCount > 0;
  }

  async delivery(id: string, db: Queryable = this.db): Promise<DeliveryRecord | null> {
    const { rows } = await db.query('SELECT * FROM notifier_deliveries WHERE id = $1', [id]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async attempts(deliveryIds: readonly string[]): Promise<Map<string, AttemptRecord[]>> {
    const { rows } = await this.db.query<{
      delivery_id: string;
      seq: number;
      at: Date;
      outcome: AttemptRecord['outcome'];
      status_code: number | null;
      error: string | null;
      duration_ms: number;
    }>('SELECT * FROM notifier_attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, seq', [
      deliveryIds,
    ]);
    const byDelivery = new Map<string, AttemptRecord[]>();
    for (const r of rows) {
      const list = byDelivery.get(r.delivery_id) ?? [];
      list.push({
        seq: r.seq,
        at: iso(r.at)!,
        outcome: r.outcome,
        statusCode: r.status_code,
        error: r.error,
        durationMs: r.duration_ms,
      });
      byDelivery.set(r.delivery_id, list);
    }
    return byDelivery;
  }

  /** Notices newest first, with their deliveries: a tenant's, or (NOC) any, by delivery status. */
  async list(filter: {
    tenant?: string;
    status?: DeliveryStatus;
    ticket?: string;
    limit: number;
    before?: number;
  }): Promise<{ notice: NoticeRecord; delivery: DeliveryRecord }[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.tenant !== undefined) add('n.tenant = ?', filter.tenant);
    if (filter.status !== undefined) add('d.status = ?', filter.status);
    if (filter.ticket !== undefined) add('n.ticket_id = ?', filter.ticket);
    if (filter.before !== undefined) add('n.seq < ?', filter.before);
    params.push(filter.limit);
    const { rows } = await this.db.query(
      `SELECT n.*, d.id AS d_id, d.notice_id AS d_notice_id, d.subscription_id AS d_subscription_id,
         d.ticket_id AS d_ticket_id, d.channel AS d_channel, d.status AS d_status, d.due_at AS d_due_at,
         d.held_until AS d_held_until, d.attempts AS d_attempts, d.first_attempt_at AS d_first_attempt_at,
         d.last_error AS d_last_error, d.delivered_at AS d_delivered_at, d.digest_id AS d_digest_id
       FROM notifier_notices n JOIN notifier_deliveries d ON d.notice_id = n.id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY n.seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => {
      const d: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(r)) if (key.startsWith('d_')) d[key.slice(2)] = value;
      return { notice: toNotice(r), delivery: toDelivery(d) };
    });
  }

  /**
   * Deletes notices settled before `before` (their deliveries and attempts cascade), and the stored state of
   * tickets not heard of since then (their previews go with them). Returns the notices deleted.
   */
  async prune(before: Date): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM notifier_notices n USING notifier_deliveries d
       WHERE d.notice_id = n.id AND n.created_at < $1
         AND d.status IN ('delivered', 'failed', 'digested', 'cancelled')`,
      [before],
    );
    await this.db.query(
      `DELETE FROM notifier_tickets t WHERE t.updated_at < $1
         AND NOT EXISTS (SELECT 1 FROM notifier_reminders r WHERE r.ticket_id = t.ticket_id)`,
      [before],
    );
    return rowCount;
  }

  // --- maintenance reminders ---

  async replaceReminders(
    tx: Queryable,
    maintenance: MaintenanceDetails,
    ticketId: string,
    tenant: string,
    offsetsMs: readonly number[],
    now: Date,
  ): Promise<void> {
    await this.dropReminders(tx, maintenance.id);
    const start = Date.parse(maintenance.start);
    for (const offset of offsetsMs) {
      if (start - offset <= now.getTime()) continue;
      await tx.query(
        `INSERT INTO notifier_reminders (maintenance_id, offset_ms, ticket_id, tenant, due_at, start_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [maintenance.id, offset, ticketId, tenant, new Date(start - offset), new Date(start)],
      );
    }
  }

  async dropReminders(tx: Queryable, maintenanceId: string): Promise<void> {
    await tx.query('DELETE FROM notifier_reminders WHERE maintenance_id = $1', [maintenanceId]);
  }

  /** Takes the due reminders out (in the caller's transaction: they come back if it rolls back). */
  async takeDueReminders(
    tx: Queryable,
    now: Date,
  ): Promise<{ maintenanceId: string; offsetMs: number; ticketId: string; startAt: Date }[]> {
    const { rows } = await tx.query<{
      maintenance_id: string;
      offset_ms: string;
      ticket_id: string;
      start_at: Date;
    }>(
      `DELETE FROM notifier_reminders WHERE (maintenance_id, offset_ms) IN (
         SELECT maintenance_id, offset_ms FROM notifier_reminders WHERE due_at <= $1 FOR UPDATE SKIP LOCKED)
       RETURNING maintenance_id, offset_ms, ticket_id, start_at`,
      [now],
    );
    return rows.map((r) => ({
      maintenanceId: r.maintenance_id,
      offsetMs: Number(r.offset_ms),
      ticketId: r.ticket_id,
      startAt: new Date(r.start_at),
    }));
  }

  // --- digests ---

  /** Subscriptions whose batched notices are due (the digest window ended). */
  async dueDigests(now: Date): Promise<string[]> {
    const { rows } = await this.db.query<{ subscription_id: string }>(
      `SELECT subscription_id FROM notifier_deliveries WHERE status = 'batched'
       GROUP BY subscription_id HAVING min(due_at) <= $1`,
      [now],
    );
    return rows.map((r) => r.subscription_id);
  }

  /** Takes the subscription's batched notices (locked, in the caller's transaction), oldest first. */
  async takeBatched(tx: Queryable, subscriptionId: string): Promise<NoticeRecord[]> {
    const { rows } = await tx.query(
      `SELECT n.* FROM notifier_notices n JOIN notifier_deliveries d ON d.notice_id = n.id
       WHERE d.subscription_id = $1 AND d.status = 'batched' ORDER BY n.seq FOR UPDATE OF d SKIP LOCKED`,
      [subscriptionId],
    );
    return rows.map(toNotice);
  }

  async markDigested(tx: Queryable, noticeIds: readonly string[], digestNoticeId: string): Promise<void> {
    await tx.query(
      `UPDATE notifier_deliveries SET status = 'digested', digest_id = $2 WHERE notice_id = ANY($1)`,
      [noticeIds, digestNoticeId],
    );
  }

  /** The earliest due time of the subscription's current batch, if one is open. */
  async batchDue(tx: Queryable, subscriptionId: string): Promise<Date | null> {
    const { rows } = await tx.query<{ due: Date | null }>(
      `SELECT min(due_at) AS due FROM notifier_deliveries WHERE subscription_id = $1 AND status = 'batched'`,
      [subscriptionId],
    );
    return rows[0]?.due ? new Date(rows[0].due) : null;
  }

  /** The key that signs unsubscribe links when UNSUBSCRIBE_SECRET is unset: made once, kept. */
  async setting(name: string, initial: string): Promise<string> {
    await this.db.query(
      'INSERT INTO notifier_settings (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [name, initial],
    );
    const { rows } = await this.db.query<{ value: string }>(
      'SELECT value FROM notifier_settings WHERE name = $1',
      [name],
    );
    return rows[0].value;
  }
}
