import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { KeyedQueue } from '@preempt/common';
import { type DetectionEvent, type DeviceStatusEvent, isDeviceStatusEvent } from '@preempt/contracts';
import type { Queryable } from '@preempt/storage';
import type { Subject } from 'rxjs';

import type { TicketsConfig } from '../config';
import { dueAutoResolutions } from '../correlation/auto-resolve';
import { correlate, correlateWindowEnd } from '../correlation/correlate';
import type { DeviceState, TicketChange } from '../correlation/correlation.types';
import { applyDeviceStatus } from '../correlation/device-status';
import { Escalations } from '../escalation/escalations';
import { NocState } from '../operations/noc-state';
import { NocRepository } from '../storage/noc.repository';
import type { TicketRecord } from '../storage/ticket.record';
import { TicketRepository } from '../storage/ticket.repository';
import { TicketEventsRepository } from '../storage/ticket-events.repository';
import type { TicketLifecycleEvent, TicketLifecycleType } from '../tickets/ticket-lifecycle.event';
import { TICKET_EVENTS, TICKETS_CONFIG } from '../tokens';
import { TicketsMetrics } from './tickets.metrics';

const LIFECYCLE: Record<TicketChange['kind'], TicketLifecycleType> = {
  opened: 'TicketOpened',
  reopened: 'TicketReopened',
  updated: 'TicketUpdated',
  resolved: 'TicketResolved',
  outage_suspected: 'OutageSuspected',
};

/** `retired`: the device is retired (decommissioned), nothing was done. */
export type ApplyResult = 'applied' | 'duplicate' | 'retired';

interface Written {
  change: TicketChange;
  record: TicketRecord;
  /** the stored ticket before the change (updates only) */
  before?: TicketRecord;
}

/**
 * Applies detection events to tickets: one transaction per event (event id recorded, device row and its
 * open tickets locked, rules applied, changes and their lifecycle events (the outbox) written), strictly in
 * order per device inside this process. Resolves after the commit, so the channel acknowledges only durable
 * work.
 */
@Injectable()
export class DetectionEventProcessor {
  private readonly logger = new Logger(DetectionEventProcessor.name);
  private readonly queue = new KeyedQueue();
  /** largest event time seen by this process: the clock of the auto-resolve sweep */
  private watermark = 0;

  constructor(
    private readonly repository: TicketRepository,
    private readonly events: TicketEventsRepository,
    @Inject(TICKETS_CONFIG) private readonly config: TicketsConfig,
    @Inject(TICKET_EVENTS) private readonly lifecycle: Subject<TicketLifecycleEvent>,
    private readonly metrics: TicketsMetrics,
    private readonly noc: NocRepository,
    private readonly state: NocState,
    private readonly escalations: Escalations,
  ) {}

  get eventTimeWatermark(): number {
    return this.watermark;
  }

  apply(event: DetectionEvent | DeviceStatusEvent): Promise<ApplyResult> {
    return this.queue.run(`${event.tenant}\u0000${event.device}`, () => this.applyNow(event));
  }

  /**
   * A maintenance window covering the device ended: if its candidates are still persistent (the condition
   * is still abnormal), its ticket opens now rather than after a new hold. Returns whether one opened.
   */
  openAfterWindow(tenant: string, device: string, now: number): Promise<boolean> {
    return this.queue.run(`${tenant}\u0000${device}`, async () => {
      if (this.state.isRetired(tenant, device)) return false;
      const written = await this.repository.db.transaction(async (tx) => {
        const wall = Date.now();
        const state = await this.repository.lockDevice(tx, tenant, device, wall);
        if (state.candidates.length === 0) return null;
        if (this.state.maintenanceAt(state, now) !== null) return null;
        const tickets = await this.repository.lockOpenTickets(tx, tenant, device);
        const openTickets = tickets.filter((t) => t.status !== 'resolved');
        const outcome = correlateWindowEnd(state, openTickets, this.config.correlation, randomUUID);
        if (!outcome) return null;
        await this.repository.saveDevice(tx, outcome.device, wall);
        const changes = await this.write(tx, outcome.changes, wall, openTickets, state.site ?? null);
        return this.record(tx, changes, wall, state.site ?? null);
      });
      if (!written) return false;
      this.publish(written);
      return written.changes.length > 0;
    });
  }

  /** Auto-resolves the device's due tickets at event time `now` (the sweep for devices gone quiet). */
  resolveDue(tenant: string, device: string, now: number): Promise<number> {
    return this.queue.run(`${tenant}\u0000${device}`, async () => {
      const written = await this.repository.db.transaction(async (tx) => {
        const wall = Date.now();
        await this.repository.lockDevice(tx, tenant, device, wall);
        const open = await this.repository.lockOpenTickets(tx, tenant, device);
        const due = dueAutoResolutions(open, now, this.config.correlation);
        return this.record(tx, await this.write(tx, due, wall, open), wall);
      });
      this.publish(written);
      return written.changes.length;
    });
  }

  drain(): Promise<void> {
    return this.queue.drain();
  }

  private async applyNow(event: DetectionEvent | DeviceStatusEvent): Promise<ApplyResult> {
    if (this.state.isRetired(event.tenant, event.device)) {
      this.metrics.event(event.type, 'retired');
      return 'retired';
    }
    const status = isDeviceStatusEvent(event);
    const at = status ? event.at : event.evidence.at;
    const result = await this.repository.db.transaction(async (tx) => {
      const wall = Date.now();
      if (!(await this.repository.markApplied(tx, event.id, wall))) return null;
      const device = await this.repository.lockDevice(tx, event.tenant, event.device, wall);
      if (event.site !== undefined) device.site = event.site;
      const window = this.state.maintenanceAt(device, at);
      if (status) return this.applyStatus(tx, event, device, window?.window.id ?? null, wall);
      const { reopenWindowMs } = this.config.correlation;
      const tickets = await this.repository.lockOpenTickets(
        tx,
        event.tenant,
        event.device,
        event.type === 'recovered' || reopenWindowMs <= 0 ? null : event.evidence.at - reopenWindowMs,
      );
      const openTickets = tickets.filter((t) => t.status !== 'resolved');
      const reopenable = tickets.filter((t) => t.status === 'resolved');
      const suppressed = window !== null && event.type !== 'recovered';
      const outcome = correlate(
        { event, device, openTickets, reopenable, newId: randomUUID, suppressed },
        this.config.correlation,
      );
      await this.repository.saveDevice(tx, outcome.device, wall);
      if (
        suppressed &&
        !outcome.changes.some((c) => c.ticket.evidence.some((e) => e.at === event.evidence.at))
      ) {
        await this.noc.insertSuppressed(tx, {
          tenant: event.tenant,
          device: event.device,
          windowId: window.window.id,
          eventId: event.id,
          type: event.type,
          metric: event.evidence.metric,
          failureMode: event.failureMode,
          at: event.evidence.at,
          score: event.evidence.score,
          recordedAt: wall,
        });
        this.metrics.suppressed();
      }
      const site = device.site ?? null;
      return this.record(tx, await this.write(tx, outcome.changes, wall, tickets, site), wall, site);
    });
    this.watermark = Math.max(this.watermark, at);
    if (result === null) {
      this.metrics.event(event.type, 'duplicate');
      this.logger.debug(`Event ${event.id} (${event.tenant}/${event.device}) already applied`);
      return 'duplicate';
    }
    this.metrics.event(event.type, 'applied');
    this.publish(result);
    return 'applied';
  }

  /** A device went silent or reports again (see applyDeviceStatus); inside a window only recorded. */
  private async applyStatus(
    tx: Queryable,
    event: DeviceStatusEvent,
    device: DeviceState,
    windowId: string | null,
    wall: number,
  ): Promise<{ changes: Written[]; events: TicketLifecycleEvent[] }> {
    await this.repository.saveDevice(
      tx,
      { ...device, watermark: Math.max(device.watermark, event.at) },
      wall,
    );
    if (windowId !== null && event.type === 'device_silent') {
      await this.noc.insertSuppressed(tx, {
        tenant: event.tenant,
        device: event.device,
        windowId,
        eventId: event.id,
        type: event.type,
        metric: 'telemetry',
        failureMode: 'device_silent',
        at: event.at,
        score: 1,
        recordedAt: wall,
      });
      this.metrics.suppressed();
      return { changes: [], events: [] };
    }
    const tickets = await this.repository.lockOpenTickets(tx, event.tenant, event.device);
    const { silentDeviceTickets } = this.config.noc;
    const wanted =
      silentDeviceTickets === '*' ||
      (Array.isArray(silentDeviceTickets) && silentDeviceTickets.includes(event.tenant));
    // a restarted detector reports a silence again: one that already had its ticket (even one the NOC
    // resolved, e.g. a device taken out of service) opens none
    const openSilentTicket =
      wanted &&
      event.type === 'device_silent' &&
      !(await this.repository.hadSilenceTicket(tx, event.tenant, event.device, event.lastSeenAt));
    const changes = applyDeviceStatus({ event, openTickets: tickets, openSilentTicket, newId: randomUUID });
    const site = device.site ?? null;
    return this.record(tx, await this.write(tx, changes, wall, tickets, site), wall, site);
  }

  private async write(
    tx: Queryable,
    changes: readonly TicketChange[],
    now: number,
    current: readonly TicketRecord[] = [],
    site: string | null = null,
  ): Promise<Written[]> {
    const written: Written[] = [];
    for (const change of changes) {
      const record =
        change.kind === 'opened'
          ? await this.repository.insertTicket(tx, change.ticket, now, site)
          : await this.repository.updateTicket(tx, change.ticket, now, site);
      for (const note of change.notes) {
        await this.repository.appendAudit(tx, record.id, { ...note, actor: 'system' }, now);
      }
      written.push({ change, record, before: current.find((t) => t.id === record.id) });
    }
    await this.escalations.onRuleChanges(tx, written, now);
    return written;
  }

  /** The changes' lifecycle events into the outbox: the transaction's last statements. */
  private async record(
    tx: Queryable,
    changes: Written[],
    now: number,
    site: string | null = null,
  ): Promise<{ changes: Written[]; events: TicketLifecycleEvent[] }> {
    const events = await this.events.append(
      tx,
      changes.map(({ change, record }) => ({
        type: LIFECYCLE[change.kind],
        ticket: record,
        actor: 'system',
        at: now,
        comment: change.notes.at(-1)?.comment ?? null,
        details: this.details(change, record, site, now),
      })),
    );
    return { changes, events };
  }

  /** Silenced tickets' events say so (notifications hold them back); an outage says since when. */
  private details(
    change: TicketChange,
    record: TicketRecord,
    site: string | null,
    now: number,
  ): Record<string, unknown> | null {
    const details: Record<string, unknown> = {};
    if (change.kind === 'outage_suspected' && record.deviceSilentSince !== null)
      details.deviceSilentSince = new Date(record.deviceSilentSince).toISOString();
    const silences = this.state.silencing(record, site, now);
    if (silences.length > 0) details.silencedBy = silences.map((s) => s.id);
    return Object.keys(details).length > 0 ? details : null;
  }

  private publish({ changes, events }: { changes: Written[]; events: TicketLifecycleEvent[] }): void {
    for (const { change, record } of changes) {
      this.metrics.ticketChange(change.kind, record.severity);
      if (change.kind !== 'updated') {
        this.logger.log(
          `Ticket ${record.id} ${change.kind} (${record.tenant}/${record.device} ${record.failureMode}, ${record.severity})`,
        );
      }
    }
    for (const event of events) this.lifecycle.next(event);
  }
}
