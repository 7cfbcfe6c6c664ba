import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@preempt/common';

/** The notifier's Prometheus metrics. */
@Injectable()
export class NotifierMetrics {
  private readonly lifecycle;
  private readonly notices;
  private readonly attempts;
  private readonly disabled;
  private readonly latency;

  constructor(metrics: MetricsRegistry) {
    this.lifecycle = metrics.counter(
      'preempt_notifier_lifecycle_events_total',
      'Ticket lifecycle messages by result (handled, duplicate, invalid)',
      ['result'],
    );
    this.notices = metrics.counter('preempt_notifier_notices_total', 'Notices created, by kind and channel', [
      'kind',
      'channel',
    ]);
    this.attempts = metrics.counter(
      'preempt_notifier_delivery_attempts_total',
      'Delivery attempts by channel and outcome (delivered, retry, failed)',
      ['channel', 'outcome'],
    );
    this.disabled = metrics.counter(
      'preempt_notifier_subscriptions_disabled_total',
      'Subscriptions disabled: deliveries kept failing past the retry horizon',
    );
    this.latency = metrics.histogram(
      'preempt_notifier_delivery_duration_seconds',
      'One delivery attempt, by channel',
      [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      ['channel'],
    );
  }

  lifecycleEvent(result: 'handled' | 'duplicate' | 'invalid'): void {
    this.lifecycle.inc({ result });
  }

  notice(kind: string, channel: string): void {
    this.notices.inc({ kind, channel });
  }

  attempt(channel: string, outcome: 'delivered' | 'retry' | 'failed', seconds: number): void {
    this.attempts.inc({ channel, outcome });
    this.latency.observe({ channel }, seconds);
  }

  subscriptionDisabled(): void {
    this.disabled.inc();
  }
}
