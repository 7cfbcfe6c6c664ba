import { randomUUID } from 'node:crypto';

import type { TicketSummary } from '@preempt/contracts';

import { isPrivateHost } from '../channels/http-post';
import { backoffMs } from '../delivery/backoff';
import type { Subscription } from '../subscriptions/subscription';
import { renderNotice } from '../templates';
import { customerKind, pagerDutyAction, planNotices } from './notice-plan';
import { quietUntil } from './quiet-hours';

const ticket = (overrides: Partial<TicketSummary> = {}): TicketSummary => ({
  id: randomUUID(),
  tenant: 'acme',
  device: 'rtr-01',
  site: 'par1',
  failureMode: 'laser_aging',
  severity: 'major',
  status: 'open',
  assignee: null,
  version: 1,
  updatedAt: '2027-01-05T10:00:00Z',
  predictedBreachAt: '2027-01-06T14:00:00Z',
  predictedBreachBand: { earliest: '2027-01-06T12:00:00Z', latest: '2027-01-06T18:00:00Z' },
  recommendedAction: 'Replace the SFP',
  resolution: null,
  deviceSilentSince: null,
  ...overrides,
});

const subscription = (overrides: Partial<Subscription> = {}): Subscription => ({
  id: randomUUID(),
  tenant: 'acme',
  channel: 'webhook',
  target: { url: 'https://example.com' },
  secret: 'whsec_x',
  minSeverity: 'minor',
  events: null,
  devices: null,
  sites: null,
  quietHours: null,
  language: 'en',
  escalationTargets: null,
  enabled: true,
  disabledReason: null,
  createdBy: 'test',
  createdAt: '',
  updatedAt: '',
  ...overrides,
});

describe('quiet hours', () => {
  const night = { start: '22:00', end: '07:00', timeZone: 'Europe/Paris' };
  it('hold until their end across midnight, in the subscriber time zone', () => {
    expect(quietUntil(Date.parse('2027-01-05T21:30:00Z'), night)?.toISOString()).toBe(
      '2027-01-06T06:00:00.000Z',
    );
    expect(quietUntil(Date.parse('2027-01-06T05:59:00Z'), night)?.toISOString()).toBe(
      '2027-01-06T06:00:00.000Z',
    );
    expect(quietUntil(Date.parse('2027-01-06T06:00:00Z'), night)).toBeNull();
    expect(quietUntil(Date.parse('2027-01-05T20:59:00Z'), night)).toBeNull();
  });
  it('follow the wall clock over DST (summer: 05:00Z)', () => {
    expect(quietUntil(Date.parse('2027-07-05T21:00:00Z'), night)?.toISOString()).toBe(
      '2027-07-06T05:00:00.000Z',
    );
  });
});

describe('backoff', () => {
  it('doubles from the initial wait up to the cap, jittered in its upper half; a longer Retry-After wins', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 5000, () => 1))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoffMs(1, 1000, 60_000, () => 1, 30_000)).toBe(30_000);
    expect(backoffMs(1, 1000, 60_000, () => 1, 10)).toBe(1000);
  });
});

describe('who is told what', () => {
  it('follow-ups go to subscriptions told before; a raised severity announces to the others', () => {
    const told = subscription();
    const fresh = subscription({ minSeverity: 'critical' });
    const t = ticket({ severity: 'critical' });
    expect(
      planNotices('acknowledged', t, [told, fresh], new Set([told.id])).map((p) => p.subscription.id),
    ).toEqual([told.id]);
    expect(planNotices('severity-raised', t, [told, fresh], new Set([told.id])).map((p) => p.kind)).toEqual([
      'severity-raised',
      'opened',
    ]);
  });
  it('filters on severity, device, site and kinds; other tenants never; the NOC hears escalations and critical', () => {
    const t = ticket();
    expect(planNotices('opened', t, [subscription({ minSeverity: 'critical' })], new Set())).toHaveLength(0);
    expect(planNotices('opened', t, [subscription({ devices: ['other'] })], new Set())).toHaveLength(0);
    expect(planNotices('opened', t, [subscription({ sites: ['lyon'] })], new Set())).toHaveLength(0);
    expect(planNotices('opened', t, [subscription({ events: ['resolved'] })], new Set())).toHaveLength(0);
    expect(planNotices('opened', t, [subscription({ tenant: 'globex' })], new Set())).toHaveLength(0);
    expect(planNotices('escalated', t, [subscription()], new Set())).toHaveLength(0);
    const noc = subscription({ tenant: '_noc' });
    expect(planNotices('escalated', t, [noc], new Set())).toHaveLength(1);
    expect(planNotices('opened', t, [noc], new Set())).toHaveLength(0);
    expect(planNotices('opened', ticket({ severity: 'critical' }), [noc], new Set())).toHaveLength(1);
  });
  it('pages a NOC subscription limited to escalation targets only for the escalations of those targets', () => {
    const t = ticket();
    const onCall = subscription({ tenant: '_noc', escalationTargets: ['on-call'] });
    const lead = subscription({ tenant: '_noc', escalationTargets: ['noc-lead'] });
    const everyone = subscription({ tenant: '_noc' });
    const paged = (target: string | null) =>
      planNotices('escalated', t, [onCall, lead, everyone], new Set(), target).map((p) => p.subscription.id);
    expect(paged('on-call')).toEqual([onCall.id, everyone.id]);
    expect(paged('noc-lead')).toEqual([lead.id, everyone.id]);
    expect(paged(null)).toEqual([everyone.id]);
    // the targets limit escalations only: a new critical ticket still reaches every NOC subscription
    const critical = ticket({ severity: 'critical' });
    expect(planNotices('opened', critical, [onCall, lead, everyone], new Set(), null)).toHaveLength(3);
  });
  it('maps lifecycle types to kinds (withdrawn for a false positive, nothing for comments)', () => {
    const message = (type: string, details: Record<string, unknown> | null = null) =>
      ({ id: 1, type, at: '', actor: 'x', comment: null, details, ticket: ticket() }) as never;
    expect(customerKind(message('TicketResolved', { falsePositive: true }), null)).toBe('withdrawn');
    expect(customerKind(message('TicketResolved', { retired: true }), null)).toBe('retired');
    expect(customerKind(message('TicketResolved'), null)).toBe('resolved');
    expect(pagerDutyAction('retired')).toBe('resolve');
    // a follow-up: only to whom the ticket was announced
    const told = subscription();
    expect(planNotices('retired', ticket(), [told, subscription()], new Set([told.id]))).toEqual([
      { subscription: told, kind: 'retired' },
    ]);
    expect(customerKind(message('TicketCommented'), null)).toBeNull();
    expect(customerKind(message('TicketUpdated'), ticket({ severity: 'minor' }))).toBe('severity-raised');
    expect(customerKind(message('TicketUpdated'), ticket())).toBeNull();
  });
});

describe('customer text', () => {
  it('names device, site and the expected window in the subscriber time zone, without jargon', () => {
    const { subject, text, html } = renderNotice({
      kind: 'opened',
      language: 'en',
      timeZone: 'Europe/Paris',
      ticket: ticket(),
    });
    expect(subject).toContain('rtr-01 at par1');
    expect(text).toContain('between Wed, Jan 6, 2027, 13:00 and Wed, Jan 6, 2027, 19:00 (Europe/Paris)');
    expect(text).toContain('optical transmitter that is wearing out');
    expect(text).not.toMatch(/laser_aging|SFP|score/);
    expect(html).toContain('<p>');
  });
  it('tells of a retired device that it was taken out of service, not that it behaves normally again', () => {
    const { subject, text } = renderNotice({
      kind: 'retired',
      language: 'en',
      timeZone: 'Europe/Paris',
      ticket: ticket(),
    });
    expect(subject).toBe('Closed: rtr-01 at par1');
    expect(text).toContain('taken out of service');
    expect(text).not.toContain('normally');
  });
});

describe('webhook targets', () => {
  it('knows loopback, private and link-local literals', () => {
    for (const host of [
      'localhost',
      '127.0.0.1',
      '10.1.2.3',
      '192.168.1.1',
      '172.16.0.1',
      '169.254.169.254',
      '[::1]',
      'fd00::1',
    ])
      expect(isPrivateHost(host)).toBe(true);
    for (const host of ['example.com', '8.8.8.8', '172.32.0.1']) expect(isPrivateHost(host)).toBe(false);
  });
});
