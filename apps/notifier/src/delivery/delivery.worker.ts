import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Queryable } from '@preempt/storage';

import type { NoticeSender, SendOutcome } from '../channels/notice-sender';
import type { NotifierConfig } from '../config';
import { NotifierMetrics } from '../notifier.metrics';
import { type DeliveryRecord, NoticesRepository } from '../storage/notices.repository';
import { SubscriptionsRepository } from '../storage/subscriptions.repository';
import type { NoticeChannel, Subscription } from '../subscriptions/subscription';
import { type Clock, NOTIFIER_CLOCK, NOTIFIER_CONFIG } from '../tokens';
import { backoffMs } from './backoff';
import { ScheduledNotices } from './scheduled-notices';

export const NOTICE_SENDERS = Symbol('NOTICE_SENDERS');
export type NoticeSenders = Partial<Record<NoticeChannel, NoticeSender>>;

const BATCH = 16;
/** how often settled notices past NOTICE_RETENTION are deleted */
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Sends the notices' deliveries (the notifier's outbox), at least once: claims the due ones with a lease,
 * sends, records every attempt. Retries network errors, 5xx and 429 (Retry-After honoured) with exponential
 * backoff and jitter, never other 4xx; a delivery still failing DELIVERY_RETRY_HORIZON after its first
 * attempt fails for good and disables its subscription (log, metric, a notice to the NOC). A process that
 * dies mid-send leaves the lease to run out: the delivery goes again with the same id.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private prunedAt = 0;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(NOTIFIER_CLOCK) private readonly clock: Clock,
    @Inject(NOTICE_SENDERS) private readonly senders: NoticeSenders,
    private readonly notices: NoticesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly scheduled: ScheduledNotices,
    private readonly metrics: NotifierMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.config.delivery.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    for (const sender of Object.values(this.senders)) sender?.close?.();
  }

  /** Runs a pass now (after a commit that created deliveries), or right after the one running. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.passes().finally(() => (this.running = undefined));
  }

  /** Passes until nothing more is due right now; what a test's compressed clock calls. */
  async drain(): Promise<void> {
    await this.running;
    await this.passes();
  }

  private async passes(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.pruneIfDue();
        await this.scheduled.sweepReminders();
        await this.scheduled.sweepDigests();
        const claimed = await this.notices.claimDue(
          new Date(this.clock.now()),
          this.config.delivery.leaseMs,
          BATCH,
        );
        await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
        if (claimed.length > 0) this.again = true;
      } while (this.again && !this.stopped);
    } catch (error) {
      this.logger.error(
        `Delivery pass failed: ${String(error)}`,
        error instanceof Error ? error.stack : undefined,
      );
    }
  }

  private async pruneIfDue(): Promise<void> {
    const now = this.clock.now();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    const pruned = await this.notices.prune(new Date(now - this.config.noticeRetentionMs));
    if (pruned > 0) this.logger.log(`Pruned ${pruned} settled notices older than the retention`);
  }

  private async deliver(delivery: DeliveryRecord): Promise<void> {
    const subscription = await this.subscriptions.get(delivery.subscriptionId);
    const notice = await this.notices.notice(delivery.noticeId);
    if (!subscription || !notice || !subscription.enabled) {
      await this.notices.cancel(delivery.id, 'the subscription is disabled or gone');
      return;
    }
    const sender = this.senders[subscription.channel];
    const started = this.clock.now();
    const outcome: SendOutcome = sender
      ? await sender.send({ delivery, notice, subscription })
      : {
          ok: false,
          retryable: false,
          statusCode: null,
          error: `no ${subscription.channel} channel configured`,
        };
    const now = this.clock.now();
    const attempt = {
      at: new Date(now).toISOString(),
      statusCode: outcome.statusCode,
      error: outcome.error,
      durationMs: Math.max(0, now - started),
    };
    const seconds = attempt.durationMs / 1000;
    if (outcome.ok) {
      await this.notices.recordAttempt(
        delivery.id,
        { ...attempt, outcome: 'delivered' },
        { status: 'delivered' },
      );
      this.metrics.attempt(subscription.channel, 'delivered', seconds);
      this.logger.debug(
        `Delivered ${delivery.id} (${notice.kind}) to ${subscription.channel} of ${subscription.tenant}`,
      );
      return;
    }
    const firstAt = delivery.firstAttemptAt ? Date.parse(delivery.firstAttemptAt) : now;
    const pastHorizon = now - firstAt >= this.config.delivery.retryHorizonMs;
    if (outcome.retryable && !pastHorizon) {
      const { backoffInitialMs, backoffMaxMs } = this.config.delivery;
      const wait = backoffMs(
        delivery.attempts + 1,
        backoffInitialMs,
        backoffMaxMs,
        Math.random,
        outcome.retryAfterMs,
      );
      await this.notices.recordAttempt(
        delivery.id,
        { ...attempt, outcome: 'retry' },
        { status: 'pending', dueAt: new Date(now + wait), error: outcome.error },
      );
      this.metrics.attempt(subscription.channel, 'retry', seconds);
      this.logger.warn(
        `Delivery ${delivery.id} to ${subscription.channel} of ${subscription.tenant} failed (${outcome.error}); retry in ${wait} ms`,
      );
      return;
    }
    // past the horizon: the failure, the subscription disabled and the NOC's notice commit together
    const disabling = outcome.retryable ? subscription : null;
    const horizon = Math.round(this.config.delivery.retryHorizonMs / 1000);
    const reason = `deliveries kept failing for ${horizon} s (last: ${outcome.error}); disabled ${new Date(now).toISOString()}`;
    let disabled = false;
    await this.notices.recordAttempt(
      delivery.id,
      { ...attempt, outcome: 'failed' },
      { status: 'failed', error: outcome.error },
      disabling
        ? async (tx) => {
            disabled = await this.disable(tx, disabling, delivery, reason);
          }
        : undefined,
    );
    this.metrics.attempt(subscription.channel, 'failed', seconds);
    if (!disabling) {
      this.logger.warn(
        `Delivery ${delivery.id} to ${subscription.channel} of ${subscription.tenant} refused: ${outcome.error}`,
      );
      return;
    }
    if (!disabled) return;
    this.metrics.subscriptionDisabled();
    this.logger.error(
      `Subscription ${subscription.id} (${subscription.tenant}, ${subscription.channel}) disabled: ${reason}`,
    );
    this.wake();
  }

  /** Disables the subscription and tells the NOC, in the caller's transaction; false if it already was. */
  private async disable(
    tx: Queryable,
    subscription: Subscription,
    delivery: DeliveryRecord,
    reason: string,
  ): Promise<boolean> {
    if (!(await this.subscriptions.disable(subscription.id, reason, new Date(this.clock.now()), tx)))
      return false;
    await this.scheduled.tellNoc(tx, subscription, reason, `disabled:${subscription.id}:${delivery.id}`);
    return true;
  }
}
