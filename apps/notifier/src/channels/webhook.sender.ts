import { Webhook } from 'standardwebhooks';

import {
  httpOutcome,
  networkOutcome,
  type NoticeSender,
  type OutgoingNotice,
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
    private readonly now: () => number = Date.now,
  ) {}

  async send({ delivery, notice, subscription }: OutgoingNotice): Promise<SendOutcome> {
    const body = webhookBody(notice);
    const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000);
    const signature = new Webhook(subscription.secret ?? '').sign(delivery.id, timestamp, body);
    try {
      const response = await fetch(subscription.target.url!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Preempt-Notifier/1',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp.getTime() / 1000),
          'webhook-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return httpOutcome(response.status, response.headers.get('retry-after'), this.now());
    } catch (error) {
      return networkOutcome(error);
    }
  }
}
