import { InvalidRequestError } from '@preempt/common';

import { isPrivateHost } from '../channels/http-post';
import { LANGUAGES } from '../templates';
import {
  CHANNELS,
  NOC_TENANT,
  NOTICE_KINDS,
  type NoticeChannel,
  type NoticeKind,
  type QuietHours,
  SEVERITIES,
  type Severity,
  type Subscription,
  type SubscriptionTarget,
} from './subscription';
import { UnprocessableSubscriptionError } from './subscription.errors';

/** The fields a client sets (POST; PATCH: any of them but channel). */
export type SubscriptionFields = Pick<
  Subscription,
  | 'channel'
  | 'target'
  | 'secret'
  | 'minSeverity'
  | 'events'
  | 'devices'
  | 'sites'
  | 'quietHours'
  | 'language'
  | 'escalationTargets'
  | 'enabled'
>;

/** A subscription as the API shows it: never its secret. */
export interface SubscriptionDto {
  id: string;
  tenant: string;
  channel: NoticeChannel;
  url?: string;
  address?: string;
  hasSecret: boolean;
  minSeverity: Severity;
  events: NoticeKind[] | null;
  devices: string[] | null;
  sites: string[] | null;
  quietHours: QuietHours | null;
  language: string;
  /** NOC subscriptions (tenant _noc): the escalation targets it is paged for; null: all */
  escalationTargets: string[] | null;
  enabled: boolean;
  disabledReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ValidationContext {
  /** webhook/PagerDuty URLs on loopback and private addresses (WEBHOOK_ALLOW_PRIVATE) */
  allowPrivateTargets: boolean;
  /** SMTP_URL is set */
  emailConfigured: boolean;
}

const FIELDS = [
  'channel',
  'url',
  'secret',
  'address',
  'routingKey',
  'minSeverity',
  'events',
  'devices',
  'sites',
  'quietHours',
  'language',
  'escalationTargets',
  'enabled',
];
const MAX_LIST = 1000;
const MAX_TARGETS = 100;
const NAME = /^[A-Za-z0-9_.:-]{1,128}$/;
const EMAIL = /^[^\s@<>()",;]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
// Standard Webhooks: whsec_ + base64 of 24 to 64 random bytes
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;
const ROUTING_KEY = /^[A-Za-z0-9]{32}$/;

const fail = (field: string, reason: string): never => {
  throw new UnprocessableSubscriptionError(field, reason);
};

/**
 * Validates a subscription body; `base` is the stored subscription a PATCH changes (its channel cannot
 * change). Every problem is a 422 naming the field and the reason.
 */
export function toSubscriptionFields(
  body: unknown,
  base: SubscriptionFields | null,
  context: ValidationContext,
  tenant: string,
): SubscriptionFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError('body must be a JSON object (see the API docs for a subscription)', 'body');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!FIELDS.includes(key)) fail(key, 'is not a subscription field');
  const has = (key: string) => b[key] !== undefined;

  if (base && has('channel') && b.channel !== base.channel)
    fail('channel', 'cannot change: delete the subscription and create another');
  const channel = (base?.channel ?? b.channel) as NoticeChannel;
  if (!base) {
    if (!has('channel')) fail('channel', 'is required');
    if (!CHANNELS.includes(channel)) fail('channel', `must be one of ${CHANNELS.join(', ')}`);
  }
  for (const key of ['url', 'secret', 'address', 'routingKey'] as const)
    if (has(key) && !allowedTargetFields(channel).includes(key))
      fail(key, `is not used by the ${channel} channel`);

  const { target, secret } = toTarget(channel, b, base, context);
  return {
    channel,
    target,
    secret,
    minSeverity: has('minSeverity') ? toSeverity(b.minSeverity) : (base?.minSeverity ?? 'minor'),
    events: has('events') ? toEvents(b.events) : (base?.events ?? null),
    devices: has('devices') ? toNames(b.devices, 'devices') : (base?.devices ?? null),
    sites: has('sites') ? toNames(b.sites, 'sites') : (base?.sites ?? null),
    quietHours: has('quietHours') ? toQuietHours(b.quietHours) : (base?.quietHours ?? null),
    language: has('language') ? toLanguage(b.language) : (base?.language ?? 'en'),
    escalationTargets: has('escalationTargets')
      ? toEscalationTargets(b.escalationTargets, tenant)
      : (base?.escalationTargets ?? null),
    enabled: has('enabled') ? toEnabled(b.enabled) : (base?.enabled ?? true),
  };
}

function allowedTargetFields(channel: NoticeChannel): string[] {
  switch (channel) {
    case 'webhook':
      return ['url', 'secret'];
    case 'email':
      return ['address'];
    case 'mqtt':
      return [];
    case 'pagerduty':
      return ['url', 'routingKey'];
  }
}

function toTarget(
  channel: NoticeChannel,
  b: Record<string, unknown>,
  base: SubscriptionFields | null,
  context: ValidationContext,
): { target: SubscriptionTarget; secret: string | null } {
  switch (channel) {
    case 'webhook': {
      const url = b.url !== undefined ? toUrl(b.url, 'url', context) : base?.target.url;
      if (url === undefined) fail('url', 'is required for a webhook');
      const secret = b.secret !== undefined ? toSecret(b.secret) : (base?.secret ?? null);
      if (secret === null) fail('secret', 'is required for a webhook (whsec_ followed by base64)');
      return { target: { url }, secret };
    }
    case 'email': {
      if (!context.emailConfigured) fail('channel', 'email is not available: the notifier has no SMTP_URL');
      const address = b.address !== undefined ? b.address : base?.target.address;
      if (address === undefined) fail('address', 'is required for e-mail');
      if (typeof address !== 'string' || !EMAIL.test(address)) fail('address', 'must be an e-mail address');
      return { target: { address: address as string }, secret: null };
    }
    case 'mqtt':
      return { target: {}, secret: null };
    case 'pagerduty': {
      const url = b.url !== undefined ? toUrl(b.url, 'url', context) : base?.target.url;
      const key = b.routingKey !== undefined ? b.routingKey : base?.secret;
      if (key === undefined || key === null) fail('routingKey', 'is required for PagerDuty');
      if (typeof key !== 'string' || !ROUTING_KEY.test(key))
        fail('routingKey', 'must be a 32-character Events v2 integration key');
      return { target: url ? { url } : {}, secret: key as string };
    }
  }
}

/** http(s) only; loopback, private and link-local addresses only when allowed (WEBHOOK_ALLOW_PRIVATE). */
export function toUrl(value: unknown, field: string, context: ValidationContext): string {
  if (typeof value !== 'string' || value.length > 2000) return fail(field, 'must be a URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(field, 'must be a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    fail(field, `must be http or https, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) fail(field, 'must not carry credentials');
  if (!context.allowPrivateTargets && isPrivateHost(url.hostname))
    fail(field, 'points at a loopback or private address (WEBHOOK_ALLOW_PRIVATE=false)');
  return url.toString();
}

function toSecret(value: unknown): string {
  if (typeof value !== 'string' || !WEBHOOK_SECRET.test(value))
    return fail('secret', 'must be a Standard Webhooks secret: whsec_ followed by base64 of 24 to 64 bytes');
  const bytes = Buffer.from(value.slice('whsec_'.length), 'base64').length;
  if (bytes < 24 || bytes > 64) fail('secret', 'must decode to 24 to 64 bytes');
  return value;
}

function toSeverity(value: unknown): Severity {
  if (!SEVERITIES.includes(value as Severity)) fail('minSeverity', `must be one of ${SEVERITIES.join(', ')}`);
  return value as Severity;
}

function toEvents(value: unknown): NoticeKind[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length === 0) return fail('events', 'must be a non-empty array or null');
  for (const kind of value)
    if (!NOTICE_KINDS.includes(kind as NoticeKind))
      fail('events', `has "${String(kind)}"; each must be one of ${NOTICE_KINDS.join(', ')}`);
  return [...new Set(value as NoticeKind[])];
}

function toNames(value: unknown, field: string): string[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST)
    return fail(field, `must be a non-empty array of at most ${MAX_LIST} names, or null`);
  for (const name of value)
    if (typeof name !== 'string' || !NAME.test(name))
      fail(field, `has an invalid name: ${JSON.stringify(name)}`);
  return [...new Set(value as string[])];
}

function toQuietHours(value: unknown): QuietHours | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    return fail(
      'quietHours',
      'must be {"start": "22:00", "end": "07:00", "timeZone": "Europe/Paris"} or null',
    );
  const q = value as Record<string, unknown>;
  for (const key of Object.keys(q))
    if (!['start', 'end', 'timeZone'].includes(key)) fail(`quietHours.${key}`, 'is not a quiet-hours field');
  for (const key of ['start', 'end'] as const)
    if (typeof q[key] !== 'string' || !HHMM.test(q[key])) fail(`quietHours.${key}`, 'must be a time HH:MM');
  if (q.start === q.end) fail('quietHours.end', 'must differ from quietHours.start');
  if (typeof q.timeZone !== 'string' || !isTimeZone(q.timeZone))
    fail('quietHours.timeZone', 'must be an IANA time zone such as Europe/Paris');
  return { start: q.start as string, end: q.end as string, timeZone: q.timeZone as string };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length <= 64;
  } catch {
    return false;
  }
}

function toLanguage(value: unknown): string {
  if (typeof value !== 'string' || !LANGUAGES.includes(value))
    fail('language', `must be one of ${LANGUAGES.join(', ')}`);
  return value as string;
}

/** The escalation targets a NOC subscription is paged for (a policy step's `target`), or null for all. */
function toEscalationTargets(value: unknown, tenant: string): string[] | null {
  if (value === null) return null;
  if (tenant !== NOC_TENANT)
    fail('escalationTargets', `only the NOC's subscriptions (tenant ${NOC_TENANT}) receive escalations`);
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TARGETS)
    return fail('escalationTargets', `must be a non-empty array of at most ${MAX_TARGETS} targets, or null`);
  for (const target of value)
    if (typeof target !== 'string' || target.trim() === '' || target.length > 200)
      fail('escalationTargets', `has an invalid target: ${JSON.stringify(target)} (a policy step's target)`);
  return [...new Set((value as string[]).map((t) => t.trim()))];
}

function toEnabled(value: unknown): boolean {
  if (typeof value !== 'boolean') fail('enabled', 'must be true or false');
  return value as boolean;
}

export function toSubscriptionDto(s: Subscription): SubscriptionDto {
  return {
    id: s.id,
    tenant: s.tenant,
    channel: s.channel,
    ...(s.target.url ? { url: s.target.url } : {}),
    ...(s.target.address ? { address: s.target.address } : {}),
    hasSecret: s.secret !== null,
    minSeverity: s.minSeverity,
    events: s.events,
    devices: s.devices,
    sites: s.sites,
    quietHours: s.quietHours,
    language: s.language,
    escalationTargets: s.escalationTargets,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
