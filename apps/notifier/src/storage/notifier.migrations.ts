import type { Migration } from '@preempt/storage';

/**
 * The notifier's schema (README "Storage"): never edit an applied migration, add one. Its tables share the
 * database (and `schema_migrations`) with the other apps, hence the `notifier_` prefix and the 300 ids.
 */
export const NOTIFIER_MIGRATIONS: readonly Migration[] = [
  {
    id: '300-notifier',
    // One DO block: PGlite runs a migration as one prepared statement (a single command).
    sql: `DO $migration$ BEGIN
      CREATE TABLE notifier_subscriptions (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        tenant text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('webhook', 'email', 'mqtt', 'pagerduty')),
        -- url (webhook, pagerduty), address (email), routingKey (pagerduty): never a secret
        target jsonb NOT NULL,
        -- the webhook secret (whsec_...) or PagerDuty routing key: needed in clear to sign; never returned
        secret text,
        min_severity text NOT NULL CHECK (min_severity IN ('minor', 'major', 'critical')),
        events text[],
        devices text[],
        sites text[],
        quiet_hours jsonb,
        language text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX notifier_subscriptions_by_tenant ON notifier_subscriptions (tenant, seq);

      -- the latest lifecycle message of each ticket (previews, severity changes) and its maintenance
      CREATE TABLE notifier_tickets (
        ticket_id text PRIMARY KEY,
        tenant text NOT NULL,
        last_event_id bigint NOT NULL,
        message jsonb NOT NULL,
        maintenance jsonb,
        updated_at timestamptz NOT NULL
      );

      -- one notice per (source, subscription): source = event:<outbox id>, reminder:<maintenance>:<offset>, digest:<...>
      CREATE TABLE notifier_notices (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        source text NOT NULL,
        subscription_id uuid NOT NULL REFERENCES notifier_subscriptions (id) ON DELETE CASCADE,
        tenant text NOT NULL,
        ticket_id text,
        kind text NOT NULL,
        language text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        payload jsonb NOT NULL,
        urgent boolean NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (source, subscription_id)
      );
      CREATE INDEX notifier_notices_by_tenant ON notifier_notices (tenant, seq);

      -- the outbox of the notices: one delivery per notice, its id is the webhook-id (minted once)
      CREATE TABLE notifier_deliveries (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        notice_id uuid NOT NULL UNIQUE REFERENCES notifier_notices (id) ON DELETE CASCADE,
        subscription_id uuid NOT NULL REFERENCES notifier_subscriptions (id) ON DELETE CASCADE,
        ticket_id text,
        channel text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'batched', 'digested', 'cancelled')),
        due_at timestamptz NOT NULL,
        held_until timestamptz,
        lease_until timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        first_attempt_at timestamptz,
        last_error text,
        delivered_at timestamptz,
        digest_id uuid
      );
      CREATE INDEX notifier_deliveries_due ON notifier_deliveries (due_at) WHERE status IN ('pending', 'sending');
      CREATE INDEX notifier_deliveries_batched ON notifier_deliveries (subscription_id, due_at) WHERE status = 'batched';
      CREATE INDEX notifier_deliveries_order ON notifier_deliveries (subscription_id, ticket_id, seq);

      CREATE TABLE notifier_attempts (
        delivery_id uuid NOT NULL REFERENCES notifier_deliveries (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed')),
        status_code integer,
        error text,
        duration_ms integer NOT NULL,
        PRIMARY KEY (delivery_id, seq)
      );

      -- maintenance reminders, due before the start; replaced on reschedule, dropped on cancel/completion
      CREATE TABLE notifier_reminders (
        maintenance_id text NOT NULL,
        offset_ms bigint NOT NULL,
        ticket_id text NOT NULL,
        tenant text NOT NULL,
        due_at timestamptz NOT NULL,
        start_at timestamptz NOT NULL,
        PRIMARY KEY (maintenance_id, offset_ms)
      );
      CREATE INDEX notifier_reminders_due ON notifier_reminders (due_at);

      CREATE TABLE notifier_settings (
        name text PRIMARY KEY,
        value text NOT NULL
      );
    END $migration$`,
  },
  {
    // the escalation targets a NOC subscription is paged for (null: all)
    id: '301-notifier-escalation-targets',
    sql: 'ALTER TABLE notifier_subscriptions ADD COLUMN IF NOT EXISTS escalation_targets text[]',
  },
];
