import type { NoticeDto, SubscriptionDto } from '../api/api-types.generated';
import { dateTime } from '../format';

/** One notice as the customer reads it: what was said, once, and how each channel carried it. */
export interface NoticeGroup {
  key: string;
  ticketId: string | null;
  subject: string;
  text: string;
  createdAt: string;
  deliveries: { id: string; channel: string; status: string }[];
}

const CHANNELS: Record<string, string> = {
  webhook: 'Webhook',
  email: 'E-mail',
  mqtt: 'MQTT',
  pagerduty: 'PagerDuty',
};

export const channelLabel = (channel: string): string => CHANNELS[channel] ?? channel;

/** A delivery's status in plain words. */
export function plainDelivery(delivery: NoticeDto['delivery']): string {
  switch (delivery.status) {
    case 'pending':
      return delivery.heldUntil
        ? `waiting for your quiet hours to end (${dateTime(delivery.heldUntil)})`
        : 'about to be sent';
    case 'sending':
      return 'being sent';
    case 'delivered':
      return delivery.deliveredAt ? `delivered ${dateTime(delivery.deliveredAt)}` : 'delivered';
    case 'failed':
      return 'could not be delivered; our team has been told';
    case 'batched':
      return 'will be sent in a summary';
    case 'digested':
      return 'sent in a summary';
    case 'cancelled':
      return 'not sent (cancelled)';
  }
}

/**
 * The same notice sent through several subscriptions (one per channel) shown once, with each channel's
 * delivery; newest first.
 */
export function groupNotices(notices: NoticeDto[]): NoticeGroup[] {
  const groups = new Map<string, NoticeGroup>();
  for (const notice of notices) {
    const key = JSON.stringify([notice.ticketId, notice.kind, notice.subject, notice.text]);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        ticketId: notice.ticketId,
        subject: notice.subject,
        text: notice.text,
        createdAt: notice.createdAt,
        deliveries: [],
      };
      groups.set(key, group);
    }
    if (notice.createdAt > group.createdAt) group.createdAt = notice.createdAt;
    group.deliveries.push({
      id: notice.delivery.id,
      channel: channelLabel(notice.delivery.channel),
      status: plainDelivery(notice.delivery),
    });
  }
  return [...groups.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Where a subscription sends, without secrets: an URL without its query, fragment or credentials. */
export function targetOf(subscription: SubscriptionDto): string {
  if (subscription.address) return subscription.address;
  if (subscription.url) {
    try {
      const url = new URL(subscription.url);
      return `${url.protocol}//${url.host}${url.pathname}`;
    } catch {
      return 'an address';
    }
  }
  return subscription.channel === 'mqtt' ? 'your MQTT broker topic' : 'the default address';
}

export function quietHoursOf(subscription: SubscriptionDto): string {
  const quiet = subscription.quietHours;
  return quiet ? `${quiet.start}–${quiet.end} (${quiet.timeZone})` : 'none';
}

/** A new Standard Webhooks secret: whsec_ and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}
