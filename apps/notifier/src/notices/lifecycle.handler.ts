import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  parseTicketLifecycleMessage,
  TICKET_LIFECYCLE_PATTERN,
  type TicketLifecycleMessage,
} from '@preempt/contracts';
import { APP_CHANNEL, type Channel, type Message } from '@preempt/messaging';

import type { NotifierConfig } from '../config';
import { DeliveryWorker } from '../delivery/delivery.worker';
import { NotifierMetrics } from '../notifier.metrics';
import { NoticesRepository } from '../storage/notices.repository';
import { SubscriptionsRepository } from '../storage/subscriptions.repository';
import { NOC_TENANT } from '../subscriptions/subscription';
import type { MaintenanceDetails } from '../templates';
import { type Clock, NOTIFIER_CLOCK, NOTIFIER_CONFIG } from '../tokens';
import { NoticeComposer } from './notice-composer';
import { customerKind, isSilenced, planNotices } from './notice-plan';

const MAINTENANCE_TYPES = [
  'MaintenanceScheduled',
  'MaintenanceRescheduled',
  'MaintenanceCancelled',
  'MaintenanceCompleted',
];

/**
 * The notifier's one inbound handler: ticket lifecycle messages from `ticket-events/{tenant}/{ticketId}`
 * (competing consumers in the group `notifier`, one ticket's messages one after another). In one
 * transaction: the ticket's latest state, one notice + delivery per matching subscription (unique per
 * (event id, subscription): a redelivered message creates none), the maintenance reminders. Its promise
 * is the acknowledgement: it resolves after the commit.
 */
@Injectable()
export class LifecycleHandler implements OnModuleInit {
  private readonly logger = new Logger(LifecycleHandler.name);

  constructor(
    @Inject(APP_CHANNEL) private readonly apps: Channel,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(NOTIFIER_CLOCK) private readonly clock: Clock,
    private readonly notices: NoticesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly composer: NoticeComposer,
    private readonly worker: DeliveryWorker,
    private readonly metrics: NotifierMetrics,
  ) {}

  onModuleInit(): void {
    this.apps.consume([TICKET_LIFECYCLE_PATTERN], (message) => this.handle(message), {
      group: this.config.consumerGroup,
      serial: true,
    });
  }

  async handle(message: Message): Promise<void> {
    const parsed = parseTicketLifecycleMessage(message.payload);
    if (!parsed.ok) {
      // Acknowledged: delivering an invalid message again would never make it valid.
      this.logger.warn(`Dropped invalid lifecycle message on ${message.topic}: ${parsed.reason}`);
      this.metrics.lifecycleEvent('invalid');
      return;
    }
    const created = await this.apply(parsed.message);
    this.metrics.lifecycleEvent(created === null ? 'duplicate' : 'handled');
    if (created) this.worker.wake();
  }

  /** Returns the number of notices created, or null for a message already applied. */
  async apply(message: TicketLifecycleMessage): Promise<number | null> {
    const now = this.clock.now();
    const ticket = message.ticket;
    return this.notices.db.transaction(async (tx) => {
      const previous = await this.notices.lockTicket(tx, message, new Date(now));
      if (previous && previous.lastEventId >= message.id) return null;
      const maintenance = toMaintenance(message.details?.maintenance) ?? previous?.maintenance ?? null;
      await this.notices.saveTicket(tx, message, maintenance, new Date(now));
      await this.scheduleReminders(tx, message, now);

      const kind = customerKind(message, previous?.message.ticket ?? null);
      if (kind === null) return 0;
      if (isSilenced(message) && !MAINTENANCE_TYPES.includes(message.type)) {
        this.logger.debug(`Held back ${message.type} of ticket ${ticket.id}: silenced`);
        return 0;
      }
      const subscriptions = await this.subscriptions.enabledFor([ticket.tenant, NOC_TENANT], tx);
      const told = await this.notices.toldAbout(tx, ticket.id);
      let created = 0;
      const escalation = escalationOf(message);
      for (const planned of planNotices(kind, ticket, subscriptions, told, escalation?.target ?? null)) {
        const id = await this.composer.compose(
          tx,
          planned.subscription,
          {
            source: `event:${message.id}`,
            kind: planned.kind,
            tenant: ticket.tenant,
            ticket,
            occurredAt: message.at,
            maintenance,
            escalation,
          },
          now,
        );
        if (id) created++;
      }
      if (created > 0)
        this.logger.log(
          `${message.type} of ticket ${ticket.id} (${ticket.tenant}/${ticket.device}): ${created} notice(s)`,
        );
      return created;
    });
  }

  private async scheduleReminders(
    tx: Parameters<NoticesRepository['dropReminders']>[0],
    message: TicketLifecycleMessage,
    now: number,
  ): Promise<void> {
    const maintenance = toMaintenance(message.details?.maintenance);
    if (!maintenance) return;
    if (message.type === 'MaintenanceScheduled' || message.type === 'MaintenanceRescheduled')
      await this.notices.replaceReminders(
        tx,
        maintenance,
        message.ticket.id,
        message.ticket.tenant,
        this.config.remindersMs,
        new Date(now),
      );
    else if (message.type === 'MaintenanceCancelled' || message.type === 'MaintenanceCompleted')
      await this.notices.dropReminders(tx, maintenance.id);
  }
}

/** details.maintenance, when it has what a notice needs. */
export function toMaintenance(value: unknown): MaintenanceDetails | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'string' || typeof m.start !== 'string' || typeof m.end !== 'string') return null;
  if (Number.isNaN(Date.parse(m.start)) || Number.isNaN(Date.parse(m.end))) return null;
  const impact = m.impact === 'degraded' || m.impact === 'outage' ? m.impact : 'none';
  return {
    id: m.id,
    windowId: typeof m.windowId === 'string' ? m.windowId : undefined,
    start: m.start,
    end: m.end,
    impact,
    note: typeof m.note === 'string' ? m.note : null,
  };
}

function escalationOf(message: TicketLifecycleMessage): { target: string; reason: string } | null {
  if (message.type !== 'TicketEscalated' || !message.details) return null;
  return {
    target: String(message.details.target ?? 'on-call'),
    reason: String(message.details.reason ?? ''),
  };
}
