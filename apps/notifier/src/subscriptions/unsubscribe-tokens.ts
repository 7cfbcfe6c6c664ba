import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One-click unsubscribe tokens: `<subscription id>.<base64url HMAC-SHA256>`; whoever holds the link of a
 * subscription's e-mails may disable that subscription, nothing else.
 */
export class UnsubscribeTokens {
  constructor(private readonly key: string) {}

  sign(subscriptionId: string): string {
    return `${subscriptionId}.${this.mac(subscriptionId)}`;
  }

  /** The subscription id, or null for a forged or damaged token. */
  verify(token: string): string | null {
    const [id, mac] = token.split('.');
    if (!id || !mac || !/^[0-9a-f-]{36}$/.test(id)) return null;
    const expected = Buffer.from(this.mac(id));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
  }

  private mac(id: string): string {
    return createHmac('sha256', this.key).update(`unsubscribe:${id}`).digest('base64url');
  }
}
