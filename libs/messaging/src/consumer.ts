import type { ChannelStats, Message, MessageHandler, RetryOptions } from './channel';
import { Fifo } from './fifo';
import { matchesFilter } from './topic-filter';

/** What an adapter learns about one received message: it was handled, or given up unacknowledged. */
export interface Receipt {
  acknowledge(): void;
  /** Closing, or the broker connection that carried it is gone: it is not to be acknowledged. */
  abandon(): void;
  /** False once acknowledging is pointless (the broker redelivers it): the message is dropped, not handled. */
  readonly live: boolean;
}

export interface ConsumerSettings {
  group: string | undefined;
  serial: boolean;
  maxInFlight: number;
  retry: RetryOptions;
  /**
   * Messages handed to the handler in one turn of the event loop at most; the rest wait, in order, for the
   * next turn. A broker delivers what accumulated during a pause all at once: without a bound its handlers
   * would hold the process (HTTP requests, database replies) until the whole burst is through.
   */
  perTurn: number;
}

interface FailureLog {
  warn(message: string): void;
}

class Delivery {
  attempts = 0;
  running = false;
  retryTimer: NodeJS.Timeout | undefined = undefined;

  constructor(
    readonly message: Message,
    readonly receipt: Receipt,
  ) {}
}

/** Shared by every serial key that has an unacknowledged message and nothing waiting behind it. */
const NO_FOLLOWERS: Delivery[] = [];

/**
 * One consume() registration, the same in every adapter: hands messages to the handler in arrival order,
 * at most `maxInFlight` unacknowledged at once (the rest wait here, in order), retries rejected ones with
 * backoff, and with `serial` holds a key's next message until its predecessor was acknowledged.
 * Adapters feed it with accept() and learn the outcome through the message's Receipt.
 */
export class Consumer {
  private readonly ready = new Fifo<Delivery>();
  private readonly inFlight = new Set<Delivery>();
  /** serial: keys with an unacknowledged message -> the messages waiting behind it */
  private readonly busyKeys = new Map<string, Delivery[]>();
  private running = 0;
  private started = false;
  private closed = false;
  private whenIdle: (() => void) | undefined = undefined;
  /** hand-overs left in this turn of the event loop */
  private turnBudget: number;
  private turnScheduled = false;
  private lastWarning = 0;
  private unloggedFailures = 0;

  constructor(
    readonly filters: readonly string[],
    private readonly handler: MessageHandler,
    readonly settings: ConsumerSettings,
    private readonly stats: ChannelStats,
    private readonly log: FailureLog,
  ) {
    this.turnBudget = settings.perTurn;
  }

  /** Index of the first filter matching the topic, -1 if none. */
  filterIndex(topic: string): number {
    return this.filters.findIndex((filter) => matchesFilter(filter, topic));
  }

  accept(message: Message, receipt: Receipt): void {
    if (this.closed) return receipt.abandon();
    const delivery = new Delivery(message, receipt);
    if (this.settings.serial && this.waitsForKey(delivery)) return;
    if (
      this.started &&
      this.ready.length === 0 &&
      this.inFlight.size < this.settings.maxInFlight &&
      this.takeTurn()
    ) {
      this.handOver(delivery);
    } else {
      this.ready.push(delivery);
      this.stats.queued++;
    }
  }

  start(): void {
    this.started = true;
    this.pump();
  }

  /**
   * Stops handing messages over, waits up to `timeoutMs` for running handlers (their acknowledgements still
   * count), then gives up every message not acknowledged.
   */
  async close(timeoutMs: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (let delivery = this.ready.shift(); delivery; delivery = this.ready.shift())
      this.abandonQueued(delivery);
    for (const followers of this.busyKeys.values())
      followers.forEach((delivery) => this.abandonQueued(delivery));
    this.busyKeys.clear();
    for (const delivery of this.inFlight) if (!delivery.running) this.drop(delivery);
    if (this.running > 0) await this.idle(timeoutMs);
    for (const delivery of this.inFlight) this.drop(delivery);
  }

  /** serial: true when the key is busy and the delivery now waits behind it. */
  private waitsForKey(delivery: Delivery): boolean {
    const key = delivery.message.key;
    const followers = this.busyKeys.get(key);
    if (followers === undefined) {
      this.busyKeys.set(key, NO_FOLLOWERS);
      return false;
    }
    if (followers === NO_FOLLOWERS) this.busyKeys.set(key, [delivery]);
    else followers.push(delivery);
    this.stats.queued++;
    return true;
  }

  /** serial: the key's next message (if any) becomes ready. */
  private releaseKey(delivery: Delivery): void {
    if (!this.settings.serial) return;
    const key = delivery.message.key;
    const followers = this.busyKeys.get(key);
    if (followers === undefined) return;
    if (followers === NO_FOLLOWERS) {
      this.busyKeys.delete(key);
      return;
    }
    this.ready.push(followers.shift()!);
    if (followers.length === 0) this.busyKeys.set(key, NO_FOLLOWERS);
  }

  private pump(): void {
    while (
      this.started &&
      !this.closed &&
      this.ready.length > 0 &&
      this.inFlight.size < this.settings.maxInFlight &&
      this.takeTurn()
    ) {
      const delivery = this.ready.shift()!;
      this.stats.queued--;
      if (delivery.receipt.live) this.handOver(delivery);
      else this.drop(delivery);
    }
  }

  /** True while this turn of the event loop may hand over one more message. */
  private takeTurn(): boolean {
    if (this.settings.perTurn === Infinity) return true;
    if (!this.turnScheduled) {
      this.turnScheduled = true;
      setImmediate(this.nextTurn);
    }
    if (this.turnBudget === 0) return false;
    this.turnBudget--;
    return true;
  }

  private readonly nextTurn = (): void => {
    this.turnScheduled = false;
    this.turnBudget = this.settings.perTurn;
    this.pump();
  };

  private handOver(delivery: Delivery): void {
    this.inFlight.add(delivery);
    this.stats.inFlight++;
    this.stats.delivered++;
    this.invoke(delivery);
  }

  private invoke(delivery: Delivery): void {
    delivery.attempts++;
    delivery.running = true;
    this.running++;
    let result: Promise<void>;
    try {
      result = this.handler(delivery.message);
      // A handler typed loosely elsewhere may return nothing: that counts as handled.
      if (typeof result?.then !== 'function') result = Promise.resolve();
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      () => this.succeeded(delivery),
      (error: unknown) => this.failed(delivery, error),
    );
  }

  private succeeded(delivery: Delivery): void {
    this.finished(delivery);
    if (!this.inFlight.delete(delivery)) return; // given up at close already
    this.stats.inFlight--;
    this.stats.acknowledged++;
    delivery.receipt.acknowledge();
    this.releaseKey(delivery);
    this.pump();
  }

  private failed(delivery: Delivery, error: unknown): void {
    this.finished(delivery);
    if (!this.inFlight.has(delivery)) return;
    if (this.closed || !delivery.receipt.live) {
      this.drop(delivery);
      this.pump();
      return;
    }
    const { initialMs, maxMs } = this.settings.retry;
    const delayMs = Math.min(maxMs, initialMs * 2 ** (delivery.attempts - 1));
    this.warnFailure(delivery, error, delayMs);
    delivery.retryTimer = setTimeout(this.retry, delayMs, delivery);
  }

  private readonly retry = (delivery: Delivery): void => {
    delivery.retryTimer = undefined;
    if (this.closed || !this.inFlight.has(delivery)) return;
    if (!delivery.receipt.live) {
      this.drop(delivery);
      this.pump();
      return;
    }
    this.stats.retried++;
    this.invoke(delivery);
  };

  private finished(delivery: Delivery): void {
    delivery.running = false;
    if (--this.running === 0) this.whenIdle?.();
  }

  /** Gives up a message handed over (or at the head of its serial key) without acknowledging it. */
  private drop(delivery: Delivery): void {
    if (delivery.retryTimer !== undefined) clearTimeout(delivery.retryTimer);
    delivery.retryTimer = undefined;
    if (this.inFlight.delete(delivery)) this.stats.inFlight--;
    delivery.receipt.abandon();
    if (!this.closed) this.releaseKey(delivery);
  }

  private abandonQueued(delivery: Delivery): void {
    this.stats.queued--;
    delivery.receipt.abandon();
  }

  private idle(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.whenIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** At most one warning a second: a failing store makes every message fail at once. */
  private warnFailure(delivery: Delivery, error: unknown, delayMs: number): void {
    const now = Date.now();
    if (now - this.lastWarning < 1000) {
      this.unloggedFailures++;
      return;
    }
    const more =
      this.unloggedFailures > 0 ? ` (${this.unloggedFailures} more failures since the last warning)` : '';
    this.lastWarning = now;
    this.unloggedFailures = 0;
    const reason = error instanceof Error ? error.message : String(error);
    this.log.warn(
      `Handler failed on ${delivery.message.topic} (attempt ${delivery.attempts}), unacknowledged, ` +
        `retrying in ${delayMs} ms: ${reason}${more}`,
    );
  }
}
