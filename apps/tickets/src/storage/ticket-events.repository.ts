import type { Database, Queryable } from '@preempt/storage';

import { type TicketEventDto, toTicketEventPayload } from '../ticket-events/ticket-events.dto';
import type {
  TicketLifecycleDraft,
  TicketLifecycleEvent,
  TicketLifecycleType,
} from '../tickets/ticket-lifecycle.event';

// Any fixed number (not the migrations' one): held from an event's insert to the commit, so ids become
// visible in id order and a reader that resumes after an id never skips one committed later.
const OUTBOX_LOCK = 7_411_936;

/** A stored lifecycle event, as GET /api/v1/events serves it, plus the tenant it belongs to. */
export interface StoredTicketEvent {
  tenant: string;
  dto: TicketEventDto;
}

/** Where the event log stands: the latest id, and the latest id retention pruned (0: none yet). */
export interface TicketEventsHead {
  lastId: number;
  prunedThrough: number;
}

interface EventRow {
  id: string;
  at: Date;
  type: TicketLifecycleType;
  tenant: string;
  actor: string;
  payload: Pick<TicketEventDto, 'ticket' | 'comment'> & Partial<Pick<TicketEventDto, 'details'>>;
}

/** The `ticket_events` table: the outbox of lifecycle events, and the log the live stream reads. */
export class TicketEventsRepository {
  constructor(readonly db: Database) {}

  /**
   * Writes the events in the caller's transaction, as its last statements (the lock is held until the
   * commit); returns them with their ids.
   */
  async append(tx: Queryable, drafts: readonly TicketLifecycleDraft[]): Promise<TicketLifecycleEvent[]> {
    if (drafts.length === 0) return [];
    await tx.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
    const events: TicketLifecycleEvent[] = [];
    for (const draft of drafts) {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO ticket_events (at, type, tenant, device, ticket_id, actor, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          new Date(draft.at),
          draft.type,
          draft.ticket.tenant,
          draft.ticket.device,
          draft.ticket.id,
          draft.actor,
          JSON.stringify(toTicketEventPayload(draft)),
        ],
      );
      events.push({ ...draft, id: Number(rows[0].id) });
    }
    return events;
  }

  /** Up to `limit` events after `id`, oldest first; with `tenant`, that tenant's only. */
  async after(
    id: number,
    tenant: string | null,
    limit: number,
    queryable: Queryable = this.db,
  ): Promise<StoredTicketEvent[]> {
    const columns = 'SELECT id, at, type, tenant, actor, payload FROM ticket_events';
    const { rows } =
      tenant === null
        ? await queryable.query<EventRow>(`${columns} WHERE id > $1 ORDER BY id LIMIT $2`, [id, limit])
        : await queryable.query<EventRow>(`${columns} WHERE tenant = $1 AND id > $2 ORDER BY id LIMIT $3`, [
            tenant,
            id,
            limit,
          ]);
    return rows.map((row) => ({
      tenant: row.tenant,
      dto: {
        id: Number(row.id),
        type: row.type,
        at: row.at.toISOString(),
        actor: row.actor,
        details: null,
        ...row.payload,
      },
    }));
  }

  async head(queryable: Queryable = this.db): Promise<TicketEventsHead> {
    const { rows } = await queryable.query<{ last_id: string; pruned_through: string }>(
      `SELECT (SELECT coalesce(max(id), 0) FROM ticket_events) AS last_id, pruned_through
       FROM ticket_events_retention`,
    );
    const prunedThrough = Number(rows[0].pruned_through);
    return { lastId: Math.max(Number(rows[0].last_id), prunedThrough), prunedThrough };
  }

  /** Deletes the events older than `before` (wall clock) and every earlier id; returns how many. */
  prune(before: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ through: string | null }>(
        'SELECT max(id) AS through FROM ticket_events WHERE at < $1',
        [new Date(before)],
      );
      if (rows[0].through === null) return 0;
      const { rowCount } = await tx.query('DELETE FROM ticket_events WHERE id <= $1', [rows[0].through]);
      await tx.query(
        'UPDATE ticket_events_retention SET pruned_through = greatest(pruned_through, $1::bigint)',
        [rows[0].through],
      );
      return rowCount;
    });
  }
}
