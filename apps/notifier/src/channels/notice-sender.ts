import type { DeliveryRecord, NoticeRecord } from '../storage/notices.repository';
import type { Subscription } from '../subscriptions/subscription';

/** What one attempt gave: delivered, worth retrying (network, 5xx, 429), or refused for good (other 4xx). */
export interface SendOutcome {
  ok: boolean;
  retryable: boolean;
  statusCode: number | null;
  error: string | null;
  /** 429/503 Retry-After, in ms */
  retryAfterMs?: number;
}

export interface OutgoingNotice {
  delivery: DeliveryRecord;
  notice: NoticeRecord;
  subscription: Subscription;
}

/** One channel's adapter (webhook, e-mail, MQTT, PagerDuty): the only code that talks to the receiver. */
export interface NoticeSender {
  send(outgoing: OutgoingNotice): Promise<SendOutcome>;
  /** releases connections (SMTP pool) at shutdown */
  close?(): void;
}

/** The outcome of an HTTP answer: 2xx delivered; 408, 425, 429 and 5xx retried; other 4xx refused. */
export function httpOutcome(status: number, retryAfter: string | null, now: number): SendOutcome {
  if (status >= 200 && status < 300) return { ok: true, retryable: false, statusCode: status, error: null };
  const retryable = status >= 500 || status === 429 || status === 408 || status === 425;
  return {
    ok: false,
    retryable,
    statusCode: status,
    error: `HTTP ${status}`,
    retryAfterMs: retryable ? parseRetryAfter(retryAfter, now) : undefined,
  };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A network failure (refused, reset, timeout): retried. The error is its code (ECONNREFUSED, ...) or "timeout". */
export function networkOutcome(error: unknown): SendOutcome {
  const e = (error ?? {}) as {
    name?: string;
    code?: string;
    cause?: { name?: string; code?: string; message?: string };
  };
  const message =
    e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError'
      ? 'timeout'
      : (e.cause?.code ??
        e.code ??
        e.cause?.message ??
        (error instanceof Error ? error.message : String(error)));
  return { ok: false, retryable: true, statusCode: null, error: message };
}

/** A target refused before connecting (a private address while those are not allowed): not retried. */
export function refusedTarget(error: Error): SendOutcome {
  return { ok: false, retryable: false, statusCode: null, error: error.message };
}

/** The webhook body: the stored payload without the e-mail's HTML part. */
export function webhookBody(notice: NoticeRecord): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { html, ...body } = notice.payload;
  return JSON.stringify(body);
}
