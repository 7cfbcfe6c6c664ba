import { randomUUID } from 'node:crypto';

import type { Database, Queryable } from '@preempt/storage';

import type { Subscription } from '../subscriptions/subscription';
import type { SubscriptionFields } from '../subscriptions/subscriptions.dto';

interface SubscriptionRow {
  id: string;
  tenant: string;
  channel: Subscription['channel'];
  target: Subscription['target'];
  secret: string | null;
  min_severity: Subscription['minSeverity'];
  events: Subscription['events'];
  devices: string[] | null;
  sites: string[] | null;
  quiet_hours: Subscription['quietHours'];
  language: string;
  escalation_targets: string[] | null;
  enabled: boolean;
  disabled_reason: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  tenant: r.tenant,
  channel: r.channel,
  target: r.target,
  secret: r.secret,
  minSeverity: r.min_severity,
  events: r.events,
  devices: r.devices,
  sites: r.sites,
  quietHours: r.quiet_hours,
  language: r.language,
  escalationTargets: r.escalation_targets ?? null,
  enabled: r.enabled,
  disabledReason: r.disabled_reason,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** `notifier_subscriptions`: the only code that reads or writes them. */
export class SubscriptionsRepository {
  constructor(private readonly db: Database) {}

  async create(
    tenant: string,
    fields: SubscriptionFields,
    createdBy: string,
    now: Date,
  ): Promise<Subscription> {
    const { rows } = await this.db.query<SubscriptionRow>(
      `INSERT INTO notifier_subscriptions (id, tenant, channel, target, secret, min_severity, events, devices, sites,
         quiet_hours, language, enabled, created_by, created_at, updated_at, escalation_targets)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING *`,
      [
        randomUUID(),
        tenant,
        fields.channel,
        JSON.stringify(fields.target),
        fields.secret,
        fields.minSeverity,
        fields.events,
        fields.devices,
        fields.sites,
        fields.quietHours ? JSON.stringify(fields.quietHours) : null,
        fields.language,
        fields.enabled,
        createdBy,
        now,
        fields.escalationTargets,
      ],
    );
    return toSubscription(rows[0]);
  }

  async update(id: string, fields: SubscriptionFields, now: Date): Promise<Subscription | null> {
    const { rows } = await this.db.query<SubscriptionRow>(
      `UPDATE notifier_subscriptions SET target = $2, secret = $3, min_severity = $4, events = $5, devices = $6,
         sites = $7, quiet_hours = $8, language = $9, enabled = $10,
         disabled_reason = CASE WHEN $10 THEN NULL ELSE disabled_reason END, updated_at = $11,
         escalation_targets = $12
       WHERE id = $1 RETURNING *`,
      [
        id,
        JSON.stringify(fields.target),
        fields.secret,
        fields.minSeverity,
        fields.events,
        fields.devices,
        fields.sites,
        fields.quietHours ? JSON.stringify(fields.quietHours) : null,
        fields.language,
        fields.enabled,
        now,
        fields.escalationTargets,
      ],
    );
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async get(id: string, db: Queryable = this.db): Promise<Subscription | null> {
    const { rows } = await db.query<SubscriptionRow>('SELECT * FROM notifier_subscriptions WHERE id = $1', [
      id,
    ]);
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async list(tenant: string): Promise<Subscription[]> {
    const { rows } = await this.db.query<SubscriptionRow>(
      'SELECT * FROM notifier_subscriptions WHERE tenant = $1 ORDER BY seq',
      [tenant],
    );
    return rows.map(toSubscription);
  }

  /** The enabled subscriptions of these tenants (the ticket's and the NOC's). */
  async enabledFor(tenants: readonly string[], db: Queryable = this.db): Promise<Subscription[]> {
    const { rows } = await db.query<SubscriptionRow>(
      'SELECT * FROM notifier_subscriptions WHERE tenant = ANY($1) AND enabled ORDER BY seq',
      [tenants],
    );
    return rows.map(toSubscription);
  }

  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM notifier_subscriptions WHERE id = $1', [id]);
    return rowCount > 0;
  }

  /** Disables it (failing past the horizon, or unsubscribed); false when it already was. */
  async disable(id: string, reason: string, now: Date, db: Queryable = this.db): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE notifier_subscriptions SET enabled = false, disabled_reason = $2, updated_at = $3
       WHERE id = $1 AND enabled`,
      [id, reason, now],
    );
    return rowCount > 0;
  }
}
