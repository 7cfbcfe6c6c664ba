import type { Migration } from '@preempt/storage';

/**
 * The tickets schema (README "Storage"), one migration per change: never edit an applied one. Event times (detected_at, last_evidence_at, recovered_at,
 * predicted_breach_*) and wall-clock times (opened_at, updated_at, resolved_at, audit at) are timestamptz.
 */
export const TICKETS_MIGRATIONS: readonly Migration[] = [
  {
    id: '100-tickets',
    // One DO block: PGlite runs a migration as one prepared statement (a single command).
    sql: `DO $migration$ BEGIN
      CREATE TABLE tickets (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        tenant text NOT NULL,
        device text NOT NULL,
        failure_mode text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('critical', 'major', 'minor')),
        status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
        detected_at timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_evidence_at timestamptz NOT NULL,
        recovered_at timestamptz,
        predicted_breach_at timestamptz,
        predicted_breach_earliest timestamptz,
        predicted_breach_latest timestamptz,
        evidence jsonb NOT NULL,
        occurrence_count integer NOT NULL,
        recommended_action text,
        version integer NOT NULL DEFAULT 1,
        resolved_at timestamptz,
        resolution text CHECK (resolution IN ('manual', 'auto')),
        CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
      );
      -- the dedup key: one open (or acknowledged) ticket per (tenant, device, failure mode)
      CREATE UNIQUE INDEX tickets_open_dedup_key ON tickets (tenant, device, failure_mode) WHERE status <> 'resolved';
      CREATE INDEX tickets_by_device ON tickets (tenant, device, seq);
      CREATE INDEX tickets_by_status ON tickets (status, seq);
      CREATE INDEX tickets_recovering ON tickets (recovered_at) WHERE status <> 'resolved';

      CREATE TABLE ticket_audit (
        ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        action text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL,
        comment text,
        from_status text,
        to_status text,
        PRIMARY KEY (ticket_id, seq)
      );

      -- idempotency: detection events already applied (pruned after EVENT_ID_RETENTION)
      CREATE TABLE applied_events (
        event_id text PRIMARY KEY,
        applied_at timestamptz NOT NULL
      );
      CREATE INDEX applied_events_by_time ON applied_events (applied_at);

      -- hysteresis: per device, the event-time watermark and the candidates not yet part of a ticket
      CREATE TABLE device_states (
        tenant text NOT NULL,
        device text NOT NULL,
        watermark bigint NOT NULL,
        candidates jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, device)
      );
    END $migration$`,
  },
  {
    id: '110-ticket-assignee',
    // who works on a ticket (null: nobody); the audit entry `assigned` records whom it was given to
    sql: `DO $migration$ BEGIN
      ALTER TABLE tickets ADD COLUMN assignee text;
      CREATE INDEX tickets_by_assignee ON tickets (assignee, seq);
      ALTER TABLE ticket_audit ADD COLUMN assignee text;
    END $migration$`,
  },
  {
    id: '120-ticket-events',
    // The outbox of lifecycle events, written in the transaction of the change that caused it; ids are
    // committed in id order (TicketEventsRepository.append takes a lock), so a reader resuming after an
    // id misses nothing. Pruned after TICKET_EVENTS_RETENTION; `pruned_through` tells a reader whose
    // position was pruned that it must reload.
    sql: `DO $migration$ BEGIN
      CREATE TABLE ticket_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        type text NOT NULL,
        tenant text NOT NULL,
        device text NOT NULL,
        ticket_id uuid NOT NULL,
        actor text NOT NULL,
        payload jsonb NOT NULL
      );
      CREATE INDEX ticket_events_by_tenant ON ticket_events (tenant, id);
      CREATE INDEX ticket_events_by_time ON ticket_events (at);

      CREATE TABLE ticket_events_retention (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        pruned_through bigint NOT NULL
      );
      INSERT INTO ticket_events_retention (pruned_through) VALUES (0);
    END $migration$`,
  },
  {
    id: '130-noc-operations',
    // NOC operations (README "Escalation", "Device silence", "Maintenance windows", "Silences",
    // "False-positive feedback"). Lists are jsonb arrays, as the evidence is.
    sql: `DO $migration$ BEGIN
      ALTER TABLE tickets ADD COLUMN device_silent_since timestamptz;
      ALTER TABLE tickets ADD COLUMN reporting_since timestamptz;
      -- wall clock of the latest human action (acknowledge, comment, assign): the acknowledgement expiry's clock
      ALTER TABLE tickets ADD COLUMN last_activity_at timestamptz;
      ALTER TABLE tickets DROP CONSTRAINT tickets_resolution_check;
      ALTER TABLE tickets ADD CONSTRAINT tickets_resolution_check
        CHECK (resolution IN ('manual', 'auto', 'false_positive'));
      ALTER TABLE device_states ADD COLUMN site text;
      -- the device's site tag when the ticket last changed (for notices and site-scoped silences)
      ALTER TABLE tickets ADD COLUMN site text;

      -- one row per ticket that escalates: the next step and when it is due (null: stopped)
      CREATE TABLE ticket_escalations (
        ticket_id uuid PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
        policy text NOT NULL,
        armed_at timestamptz NOT NULL,
        fired integer NOT NULL,
        next_at timestamptz
      );
      CREATE INDEX ticket_escalations_due ON ticket_escalations (next_at) WHERE next_at IS NOT NULL;

      CREATE TABLE maintenance_windows (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        devices jsonb,
        site text,
        start_local text NOT NULL,
        duration_minutes integer NOT NULL,
        time_zone text NOT NULL,
        rrule text,
        comment text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1
      );
      CREATE INDEX maintenance_windows_by_tenant ON maintenance_windows (tenant);

      CREATE TABLE silences (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        tenant text NOT NULL,
        device text,
        site text,
        failure_mode text,
        comment text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        until_resolved boolean NOT NULL,
        ticket_ids jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        -- set when it ended (its time passed, expired early, or its tickets resolved); the re-notification
        -- of what is still failing is done in the same transaction
        expired_at timestamptz,
        expired_by text,
        CHECK (until_resolved = (ends_at IS NULL))
      );
      CREATE INDEX silences_active ON silences (tenant) WHERE expired_at IS NULL;

      -- evidence that opened no ticket because a maintenance window covered it
      CREATE TABLE suppressed_evidence (
        id bigserial PRIMARY KEY,
        tenant text NOT NULL,
        device text NOT NULL,
        window_id uuid NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        metric text NOT NULL,
        failure_mode text NOT NULL,
        at timestamptz NOT NULL,
        score double precision NOT NULL,
        recorded_at timestamptz NOT NULL
      );
      CREATE INDEX suppressed_evidence_by_device ON suppressed_evidence (tenant, device, id);
      CREATE INDEX suppressed_evidence_by_window ON suppressed_evidence (window_id, id);
      CREATE INDEX suppressed_evidence_by_time ON suppressed_evidence (recorded_at);

      CREATE TABLE feedback (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        tenant text NOT NULL,
        device text NOT NULL,
        failure_mode text NOT NULL,
        metrics jsonb NOT NULL,
        ticket_id uuid NOT NULL,
        comment text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by text
      );
      CREATE INDEX feedback_by_device ON feedback (tenant, device);

      -- maintenance booked on a ticket: its device-scoped window, and what the customer is told
      CREATE TABLE ticket_maintenance (
        id uuid PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        window_id uuid,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        impact text NOT NULL CHECK (impact IN ('none', 'degraded', 'outage')),
        note text,
        status text NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'completed')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at)
      );
      CREATE INDEX ticket_maintenance_by_ticket ON ticket_maintenance (ticket_id, created_at);

      -- how far the outbox relay got (ticket_events ids up to this one were published on the app channel),
      -- and which tickets process holds the relay's lease until when
      CREATE TABLE ticket_events_relay (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        relayed_through bigint NOT NULL,
        lease_owner text,
        lease_until timestamptz
      );

      -- how far the end-of-window sweep got (wall clock): windows that ended while no process ran are
      -- handled at the next start
      CREATE TABLE maintenance_sweep (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        swept_through timestamptz NOT NULL
      );
    END $migration$`,
  },
  {
    id: '140-retired-devices',
    // devices the NOC decommissioned (README "Retiring a device"): no tickets, dropped by the detectors
    sql: `CREATE TABLE IF NOT EXISTS retired_devices (
            tenant text NOT NULL,
            device text NOT NULL,
            comment text NOT NULL,
            retired_by text NOT NULL,
            retired_at timestamptz NOT NULL,
            PRIMARY KEY (tenant, device)
          )`,
  },
  {
    id: '150-tickets-by-opening',
    // the operations report selects the tickets opened in a period
    sql: 'CREATE INDEX IF NOT EXISTS tickets_by_opening ON tickets (opened_at)',
  },
];
