import { Logger } from '@nestjs/common';

import {
  type Channel,
  type ChannelStats,
  type ConsumeOptions,
  DEFAULT_RETRY,
  emptyStats,
  type Message,
  type MessageHandler,
  type PublishOptions,
  type RetryOptions,
} from './channel';
import { ChannelClosedError } from './channel-closed.error';
import { Consumer, type Receipt } from './consumer';
import { toBuffer } from './payload';
import { assertFilter, assertGroup, RouteCache, stableHash } from './topic-filter';

export interface InMemoryChannelOptions {
  /** label in logs and metrics (default 'memory') */
  name?: string;
  /** default per consumer (default 1000) */
  maxInFlight?: number;
  retry?: RetryOptions;
  /** how long close() waits for running handlers (default 10 s) */
  closeTimeoutMs?: number;
}

/** Each entry: the consumers one copy may go to (one, or the group's members matching the topic). */
type Route = readonly (readonly Consumer[])[];

const ACCEPTED = Promise.resolve();

/** One publish: settles once every consumer it was routed to acknowledged it, or rejects when one gives up. */
class PublishReceipt implements Receipt {
  readonly live = true;
  readonly promise: Promise<void>;
  private resolve!: () => void;
  private reject!: (error: Error) => void;

  constructor(
    private remaining: number,
    private readonly channel: string,
  ) {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  acknowledge(): void {
    if (--this.remaining === 0) this.resolve();
  }

  abandon(): void {
    if (this.remaining <= 0) return;
    this.remaining = -1;
    this.reject(new ChannelClosedError(this.channel));
  }
}

/**
 * The in-process bus between the apps of the all-in-one process. `publish` hands the message to every
 * matching consumer (one member per group, chosen by a stable hash of the key) and resolves once all of
 * them acknowledged it, so acknowledgements chain upstream: a device's message is acknowledged to the
 * broker only when everything downstream handled it. Handlers run synchronously inside `publish`, in order.
 * Messages published before start() wait until it.
 *
 * @example
 * const bus = new InMemoryChannel();
 * bus.consume(['points/+'], (message) => detector.apply(message.payload));
 * await bus.start();
 * await bus.publish('points/3', JSON.stringify(points), { key: 'acme/rtr-01' }); // once the detector is done
 */
export class InMemoryChannel implements Channel {
  readonly name: string;
  private readonly logger: Logger;
  private readonly consumers: Consumer[] = [];
  private readonly routes = new RouteCache<Route>((topic) => this.route(topic));
  private readonly counters = emptyStats();
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: InMemoryChannelOptions = {}) {
    this.name = options.name ?? 'memory';
    this.logger = new Logger(`InMemoryChannel(${this.name})`);
  }

  get connected(): boolean {
    return this.started && this.closing === undefined;
  }

  consume(filters: readonly string[], handler: MessageHandler, options: ConsumeOptions = {}): void {
    if (this.started || this.closing) throw new Error(`${this.name}: consume() must come before start()`);
    filters.forEach(assertFilter);
    if (options.group !== undefined) assertGroup(options.group);
    const settings = {
      group: options.group,
      serial: options.serial ?? false,
      maxInFlight: options.maxInFlight ?? this.options.maxInFlight ?? 1000,
      retry: this.options.retry ?? DEFAULT_RETRY,
      // handlers run inside publish: the publisher's own channel paces them
      perTurn: Infinity,
    };
    this.consumers.push(new Consumer([...new Set(filters)], handler, settings, this.counters, this.logger));
  }

  /** Resolves once every consumer it was routed to acknowledged it (at once when none matched). */
  publish(topic: string, payload: string | Uint8Array, options?: PublishOptions): Promise<void> {
    if (this.closing) return Promise.reject(new ChannelClosedError(this.name));
    this.counters.published++;
    const route = this.routes.get(topic);
    if (route.length === 0) return ACCEPTED;
    const key = options?.key ?? topic;
    const message: Message = { topic, payload: toBuffer(payload), key };
    const receipt = new PublishReceipt(route.length, this.name);
    for (const members of route) {
      const member = members.length === 1 ? members[0] : members[stableHash(key) % members.length];
      member.accept(message, receipt);
    }
    return receipt.promise;
  }

  start(): Promise<void> {
    if (this.closing) return Promise.reject(new ChannelClosedError(this.name));
    if (!this.started) {
      this.started = true;
      this.consumers.forEach((consumer) => consumer.start());
    }
    return ACCEPTED;
  }

  /** Pending publishes reject with ChannelClosedError once their consumers gave up. */
  close(): Promise<void> {
    const timeoutMs = this.options.closeTimeoutMs ?? 10_000;
    this.closing ??= Promise.all(this.consumers.map((consumer) => consumer.close(timeoutMs))).then(
      () => undefined,
    );
    return this.closing;
  }

  stats(): ChannelStats {
    return { ...this.counters };
  }

  private route(topic: string): Route {
    const route: Consumer[][] = [];
    const groups = new Map<string, Consumer[]>();
    for (const consumer of this.consumers) {
      if (consumer.filterIndex(topic) < 0) continue;
      const group = consumer.settings.group;
      if (group === undefined) route.push([consumer]);
      else if (groups.has(group)) groups.get(group)!.push(consumer);
      else groups.set(group, [consumer]);
    }
    return [...route, ...groups.values()];
  }
}
