import type { NoticeDto, SubscriptionDto } from '../api/api-types.generated';
import { groupNotices, newWebhookSecret, plainDelivery, quietHoursOf, targetOf } from './notices-model';

const notice = (id: string, channel: string, createdAt: string, subject = 'Overheating predicted on hot-1') =>
  ({
    id,
    tenant: 'acme',
    ticketId: 't1',
    kind: 'opened',
    subscriptionId: `s-${channel}`,
    subject,
    text: 'hot-1 is likely to overheat',
    urgent: false,
    createdAt,
    delivery: {
      id: `d-${id}`,
      channel,
      status: 'delivered',
      dueAt: createdAt,
      heldUntil: null,
      firstAttemptAt: createdAt,
      lastError: null,
      deliveredAt: createdAt,
      digestId: null,
      attempts: [],
    },
  }) as NoticeDto;

describe('portal notices', () => {
  it('shows one notice sent on two channels once, newest first', () => {
    const groups = groupNotices([
      notice('1', 'webhook', '2026-01-01T10:00:00.000Z'),
      notice('2', 'email', '2026-01-01T10:00:01.000Z'),
      notice('3', 'webhook', '2026-01-01T11:00:00.000Z', 'Resolved: hot-1'),
    ]);
    expect(groups.map((g) => [g.subject, g.deliveries.map((d) => d.channel)])).toEqual([
      ['Resolved: hot-1', ['Webhook']],
      ['Overheating predicted on hot-1', ['Webhook', 'E-mail']],
    ]);
  });

  it('says a held delivery waits for the quiet hours', () => {
    const held = { ...notice('1', 'webhook', '2026-01-01T10:00:00.000Z').delivery };
    expect(plainDelivery({ ...held, status: 'pending', heldUntil: '2026-01-02T06:00:00.000Z' })).toMatch(
      /^waiting for your quiet hours to end/,
    );
    expect(plainDelivery({ ...held, status: 'failed' })).toMatch(/could not be delivered/);
  });

  it('shows a target without query, fragment or credentials', () => {
    const base = { channel: 'webhook', quietHours: null } as unknown as SubscriptionDto;
    expect(targetOf({ ...base, url: 'https://u:p@hooks.example.com/x?token=secret#y' })).toBe(
      'https://hooks.example.com/x',
    );
    expect(targetOf({ ...base, channel: 'email', address: 'ops@example.com' })).toBe('ops@example.com');
    expect(
      quietHoursOf({ ...base, quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Paris' } }),
    ).toBe('22:00–07:00 (Europe/Paris)');
  });

  it('makes Standard Webhooks secrets', () => {
    expect(newWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });
});
