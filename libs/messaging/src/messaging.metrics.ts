import type { MetricsRegistry } from '@preempt/common';
import { Counter } from 'prom-client';

import type { Channel, ChannelStats } from './channel';

const COUNTERS: [name: string, help: string, field: keyof ChannelStats][] = [
  ['preempt_messages_delivered_total', 'Messages handed to a handler for the first time', 'delivered'],
  ['preempt_messages_acknowledged_total', 'Messages whose handler resolved', 'acknowledged'],
  ['preempt_messages_retried_total', 'Handler invocations after a rejection', 'retried'],
  ['preempt_messages_published_total', 'Messages published', 'published'],
];

const GAUGES: [name: string, help: string, field: keyof ChannelStats][] = [
  ['preempt_messages_in_flight', 'Messages handed to handlers and not yet acknowledged', 'inFlight'],
  ['preempt_messages_queued', 'Messages waiting in the adapter (back-pressure or serial keys)', 'queued'],
];

/** `preempt_messages_*{channel}` read from each channel's stats() at scrape time. */
export function registerChannelMetrics(metrics: MetricsRegistry, channels: readonly Channel[]): void {
  for (const [name, help, field] of GAUGES) {
    metrics.gauge(
      name,
      help,
      (gauge) => channels.forEach((channel) => gauge.set({ channel: channel.name }, channel.stats()[field])),
      ['channel'],
    );
  }
  for (const [name, help, field] of COUNTERS) {
    if (metrics.registry.getSingleMetric(name)) continue;
    new Counter({
      name,
      help,
      labelNames: ['channel'],
      registers: [metrics.registry],
      collect(this: Counter<'channel'>) {
        this.reset();
        channels.forEach((channel) => this.inc({ channel: channel.name }, channel.stats()[field]));
      },
    });
  }
}
