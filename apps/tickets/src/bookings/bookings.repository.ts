import type { Database, Queryable } from '@preempt/storage';

export type BookingImpact = 'none' | 'degraded' | 'outage';
export type BookingStatus = 'scheduled' | 'cancelled' | 'completed';

/** Maintenance booked on a ticket (`ticket_maintenance`). */
export interface BookingRecord {
  id: string;
  ticketId: string;
  /** its device-scoped maintenance window while scheduled; null once cancelled or completed */
  windowId: string | null;
  start: number;
  end: number;
  impact: BookingImpact;
  note: string | null;
  status: BookingStatus;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

interface BookingRow {
  id: string;
  ticket_id: string;
  window_id: string | null;
  starts_at: Date;
  ends_at: Date;
  impact: BookingImpact;
  note: string | null;
  status: BookingStatus;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, ticket_id, window_id, starts_at, ends_at, impact, note, status, created_by, created_at, updated_at';

const toRecord = (r: BookingRow): BookingRecord => ({
  id: r.id,
  ticketId: r.ticket_id,
  windowId: r.window_id,
  start: r.starts_at.getTime(),
  end: r.ends_at.getTime(),
  impact: r.impact,
  note: r.note,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at.getTime(),
  updatedAt: r.updated_at.getTime(),
});

/** The only code that touches `ticket_maintenance`. */
export class BookingsRepository {
  constructor(readonly db: Database) {}

  async insert(tx: Queryable, b: BookingRecord): Promise<BookingRecord> {
    const { rows } = await tx.query<BookingRow>(
      `INSERT INTO ticket_maintenance (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [
        b.id,
        b.ticketId,
        b.windowId,
        new Date(b.start),
        new Date(b.end),
        b.impact,
        b.note,
        b.status,
        b.createdBy,
        new Date(b.createdAt),
        new Date(b.updatedAt),
      ],
    );
    return toRecord(rows[0]);
  }

  async save(tx: Queryable, b: BookingRecord): Promise<BookingRecord> {
    const { rows } = await tx.query<BookingRow>(
      `UPDATE ticket_maintenance SET window_id = $2, starts_at = $3, ends_at = $4, impact = $5, note = $6, status = $7,
         updated_at = $8 WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        b.id,
        b.windowId,
        new Date(b.start),
        new Date(b.end),
        b.impact,
        b.note,
        b.status,
        new Date(b.updatedAt),
      ],
    );
    return toRecord(rows[0]);
  }

  async find(tx: Queryable, ticketId: string, id: string): Promise<BookingRecord | null> {
    const { rows } = await tx.query<BookingRow>(
      `SELECT ${COLUMNS} FROM ticket_maintenance WHERE id = $1 AND ticket_id = $2 FOR UPDATE`,
      [id, ticketId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(ticketId: string): Promise<BookingRecord[]> {
    const { rows } = await this.db.query<BookingRow>(
      `SELECT ${COLUMNS} FROM ticket_maintenance WHERE ticket_id = $1 ORDER BY created_at, id`,
      [ticketId],
    );
    return rows.map(toRecord);
  }
}
