import { Webhook } from 'standardwebhooks';

import { type Lookup, postJson, PrivateTargetError } from './http-post';
import {
  httpOutcome,
  networkOutcome,
  type NoticeSender,
  type OutgoingNotice,
  refusedTarget,
  type SendOutcome,
  webhookBody,
} from './notice-sender';

/**
 * Standard Webhooks: `webhook-id` = the delivery id (minted once, the same on every retry),
 * `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the secret's bytes.
 */
export class WebhookSender implements NoticeSender {
  constructor(
    private readonly timeoutMs: number,
    private readonly allowPrivate = true,
    private readonly now: () => number = Date.now,
    private readonly lookup?: Lookup,
  ) {}

  async send({ delivery, notice, subscription }: OutgoingNotice): Promise<SendOutcome> {
    const body = webhookBody(notice);
    const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000);
    const signature = new Webhook(subscription.secret ?? '').sign(delivery.id, timestamp, body);
    try {
      const response = await postJson(subscription.target.url!, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Preempt-Notifier/1',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp.getTime() / 1000),
          'webhook-signature': signature,
        },
        body,
        timeoutMs: this.timeoutMs,
        allowPrivate: this.allowPrivate,
        lookup: this.lookup,
      });
      return httpOutcome(response.status, response.retryAfter, this.now());
    } catch (error) {
      if (error instanceof PrivateTargetError) return refusedTarget(error);
      return networkOutcome(error);
    }
  }
}
