import { Inject, Injectable, Logger } from '@nestjs/common';

import { NoticeComposer } from '../notices/notice-composer';
import { planNotices } from '../notices/notice-plan';
import { NoticesRepository } from '../storage/notices.repository';
import { SubscriptionsRepository } from '../storage/subscriptions.repository';
import { NOC_TENANT, type Subscription } from '../subscriptions/subscription';
import { type Clock, NOTIFIER_CLOCK } from '../tokens';

/** Notices made by time rather than by a lifecycle event: maintenance reminders, digests, NOC alerts. */
@Injectable()
export class ScheduledNotices {
  private readonly logger = new Logger(ScheduledNotices.name);

  constructor(
    @Inject(NOTIFIER_CLOCK) private readonly clock: Clock,
    private readonly notices: NoticesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly composer: NoticeComposer,
  ) {}

  /** Reminders whose time came (24 h and 1 h before a maintenance start by default). */
  async sweepReminders(): Promise<number> {
    const now = this.clock.now();
    return this.notices.db.transaction(async (tx) => {
      let created = 0;
      for (const reminder of await this.notices.takeDueReminders(tx, new Date(now))) {
        // late (the notifier was down): a reminder of work that has started already would mislead
        if (reminder.startAt.getTime() <= now) continue;
        const state = await this.notices.ticketState(reminder.ticketId, tx);
        if (!state?.maintenance || state.maintenance.id !== reminder.maintenanceId) continue;
        const ticket = state.message.ticket;
        const subscriptions = await this.subscriptions.enabledFor([ticket.tenant], tx);
        const told = await this.notices.toldAbout(tx, ticket.id);
        for (const planned of planNotices('maintenance-reminder', ticket, subscriptions, told))
          if (
            await this.composer.compose(
              tx,
              planned.subscription,
              {
                source: `reminder:${reminder.maintenanceId}:${reminder.offsetMs}`,
                kind: 'maintenance-reminder',
                tenant: ticket.tenant,
                ticket,
                occurredAt: new Date(now).toISOString(),
                maintenance: state.maintenance,
                leadMs: reminder.offsetMs,
              },
              now,
            )
          )
            created++;
      }
      return created;
    });
  }

  /** One digest per subscription whose batch window ended, standing for the notices it holds. */
  async sweepDigests(): Promise<number> {
    const now = this.clock.now();
    let created = 0;
    for (const subscriptionId of await this.notices.dueDigests(new Date(now))) {
      await this.notices.db.transaction(async (tx) => {
        const subscription = await this.subscriptions.get(subscriptionId, tx);
        const batched = await this.notices.takeBatched(tx, subscriptionId);
        if (!subscription || batched.length === 0) return;
        const items = batched
          .filter((n) => n.payload.ticket)
          .map((n) => ({
            ticket: this.summaryOf(n.payload.ticket as Record<string, unknown>, n.tenant),
            kind: n.kind,
          }));
        const deliveryId = await this.composer.compose(
          tx,
          subscription,
          {
            source: `digest:${batched[0].id}`,
            kind: 'digest',
            tenant: subscription.tenant,
            ticket: null,
            occurredAt: new Date(now).toISOString(),
            digest: items,
          },
          now,
        );
        const digest = deliveryId ? await this.notices.delivery(deliveryId, tx) : null;
        if (digest)
          await this.notices.markDigested(
            tx,
            batched.map((n) => n.id),
            digest.noticeId,
          );
        created++;
        this.logger.log(
          `Digest of ${batched.length} notices for subscription ${subscriptionId} (${subscription.tenant})`,
        );
      });
    }
    return created;
  }

  /** Tells the NOC's subscriptions that a subscription was disabled (in the caller's transaction). */
  async tellNoc(
    tx: Parameters<NoticeComposer['compose']>[0],
    disabled: Subscription,
    reason: string,
    source: string,
  ): Promise<void> {
    const now = this.clock.now();
    for (const noc of await this.subscriptions.enabledFor([NOC_TENANT], tx)) {
      if (noc.id === disabled.id || (noc.events && !noc.events.includes('subscription-disabled'))) continue;
      await this.composer.compose(
        tx,
        noc,
        {
          source,
          kind: 'subscription-disabled',
          tenant: disabled.tenant,
          ticket: null,
          occurredAt: new Date(now).toISOString(),
          reason,
        },
        now,
      );
    }
  }

  private summaryOf(t: Record<string, unknown>, tenant: string) {
    return {
      id: String(t.id),
      tenant,
      device: String(t.device),
      site: (t.site as string | null) ?? null,
      failureMode: String(t.failureMode ?? ''),
      severity: (t.severity as 'minor') ?? 'minor',
      status: (t.status as 'open') ?? 'open',
      assignee: null,
      version: 0,
      updatedAt: '',
      predictedBreachAt: null,
      predictedBreachBand: null,
      recommendedAction: null,
      resolution: null,
      deviceSilentSince: null,
    };
  }
}
