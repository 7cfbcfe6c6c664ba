import { useEffect, useState } from 'preact/hooks';

import type { NoticeDto, Severity, SubscriptionDto } from '../api/api-types.generated';
import { ApiError, type SubscriptionBody } from '../api/client';
import { dateTime, failureModeLabel } from '../format';
import { href } from '../router';
import { api, reloadToken, rows } from '../store';
import { ProblemMessage } from '../ticket/problem-message';
import { channelLabel, groupNotices, newWebhookSecret, quietHoursOf, targetOf } from './notices-model';

/** The notices sent to the tenant, newest first, each once with its delivery on every channel. */
export function NoticesSection() {
  const [notices, setNotices] = useState<NoticeDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = reloadToken.value;

  useEffect(() => {
    api()
      .notices()
      .then((answer) => setNotices(answer.items))
      .catch(setError);
  }, [reload]);

  const groups = groupNotices(notices ?? []);
  return (
    <section aria-labelledby="notices">
      <h2 id="notices">Notices we sent you</h2>
      {error !== null && <ProblemMessage error={error} />}
      {notices === null && error === null && <p>Loading…</p>}
      {notices !== null && groups.length === 0 && <p>We have not sent you any notice yet.</p>}
      <ul class="cards">
        {groups.map((group) => {
          const ticket = group.ticketId ? rows.value.get(group.ticketId) : undefined;
          return (
            <li key={group.key} class="card notice-card">
              <h3>{group.subject}</h3>
              <p class="muted">
                Sent <time dateTime={group.createdAt}>{dateTime(group.createdAt)}</time>
                {group.ticketId && (
                  <>
                    {' about '}
                    <a href={href.ticket(group.ticketId)}>
                      {ticket ? `${failureModeLabel(ticket.failureMode)} on ${ticket.device}` : 'this ticket'}
                    </a>
                  </>
                )}
              </p>
              <p class="notice-text">{group.text}</p>
              <ul class="plain-list">
                {group.deliveries.map((delivery) => (
                  <li key={delivery.id}>
                    {delivery.channel}: {delivery.status}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const SEVERITY_WORDS: Record<Severity, string> = {
  minor: 'everything (minor and up)',
  major: 'major and critical',
  critical: 'critical only',
};

/** The tenant's notification subscriptions: list, create (webhook or e-mail), delete. */
export function SubscriptionsSection({ tenant }: { tenant: string }) {
  const [subscriptions, setSubscriptions] = useState<SubscriptionDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const load = () =>
    api()
      .subscriptions(tenant)
      .then((answer) => setSubscriptions(answer.items))
      .catch(setError);
  useEffect(() => void load(), [tenant]);

  const remove = async (subscription: SubscriptionDto) => {
    if (!confirm(`Stop sending notices to ${targetOf(subscription)}?`)) return;
    setError(null);
    try {
      await api().deleteSubscription(tenant, subscription.id);
      // Announce once the list shows it, so the status never contradicts the table.
      await load();
      setStatus(
        `Deleted the ${channelLabel(subscription.channel)} subscription to ${targetOf(subscription)}.`,
      );
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby="subscriptions">
      <h2 id="subscriptions">How we notify you</h2>
      <div role="status" class={status ? 'notice' : undefined}>
        {status}
      </div>
      {error !== null && <ProblemMessage error={error} />}
      {subscriptions !== null && subscriptions.length === 0 && (
        <p>No notification is set up: add one below.</p>
      )}
      {subscriptions !== null && subscriptions.length > 0 && (
        <table>
          <caption class="sr-only">Your notification subscriptions</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Sent to</th>
              <th scope="col">Severity</th>
              <th scope="col">Quiet hours</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((subscription) => (
              <tr key={subscription.id}>
                <td>{channelLabel(subscription.channel)}</td>
                <td>{targetOf(subscription)}</td>
                <td>{SEVERITY_WORDS[subscription.minSeverity]}</td>
                <td>{quietHoursOf(subscription)}</td>
                <td>
                  {subscription.enabled
                    ? 'active'
                    : `paused${subscription.disabledReason ? `: ${subscription.disabledReason}` : ''}`}
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={`Delete the ${channelLabel(subscription.channel)} subscription to ${targetOf(subscription)}`}
                    onClick={() => void remove(subscription)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateSubscription
        tenant={tenant}
        onCreated={async (created) => {
          await load();
          setStatus(`Added the ${channelLabel(created.channel)} subscription to ${targetOf(created)}.`);
        }}
      />
    </section>
  );
}

/** The form's inputs, by the API field a 422 names. */
const INPUTS: Record<string, string> = {
  channel: 'sub-channel',
  url: 'sub-url',
  secret: 'sub-secret',
  address: 'sub-address',
  minSeverity: 'sub-severity',
  quietHours: 'sub-quiet-start',
  'quietHours.start': 'sub-quiet-start',
  'quietHours.end': 'sub-quiet-end',
  'quietHours.timeZone': 'sub-quiet-zone',
};

function CreateSubscription({
  tenant,
  onCreated,
}: {
  tenant: string;
  onCreated: (created: SubscriptionDto) => Promise<void>;
}) {
  const [channel, setChannel] = useState<'webhook' | 'email'>('webhook');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [address, setAddress] = useState('');
  const [minSeverity, setMinSeverity] = useState<Severity>('minor');
  const [quietStart, setQuietStart] = useState('');
  const [quietEnd, setQuietEnd] = useState('');
  const [quietZone, setQuietZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const problem = error instanceof ApiError && error.status === 422 ? error.problem : null;
  const field = typeof problem?.field === 'string' ? problem.field : undefined;
  const invalid = field ? INPUTS[field] : undefined;
  const fieldProps = (id: string) =>
    invalid === id ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
  const fieldError = (id: string) =>
    invalid === id && (
      <span id={`${id}-error`} class="field-error" role="alert">
        {problem?.detail}
      </span>
    );

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const quiet = quietStart || quietEnd;
    const body: SubscriptionBody = {
      channel,
      minSeverity,
      quietHours: quiet ? { start: quietStart, end: quietEnd, timeZone: quietZone.trim() } : null,
      // an empty field is left out: the API then says it is required
      ...(channel === 'webhook'
        ? { ...(url.trim() ? { url: url.trim() } : {}), ...(secret.trim() ? { secret: secret.trim() } : {}) }
        : address.trim()
          ? { address: address.trim() }
          : {}),
    };
    try {
      const created = await api().createSubscription(tenant, body);
      setUrl('');
      setSecret('');
      setAddress('');
      await onCreated(created);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h3 id="new-subscription">Add a notification</h3>
      {error !== null && !invalid && <ProblemMessage error={error} />}
      <form class="grid-form" aria-labelledby="new-subscription" onSubmit={submit} noValidate>
        <label for="sub-channel">Channel</label>
        <select
          id="sub-channel"
          value={channel}
          onInput={(e) => setChannel(e.currentTarget.value as 'webhook' | 'email')}
          {...fieldProps('sub-channel')}
        >
          <option value="webhook">Webhook</option>
          <option value="email">E-mail</option>
        </select>
        {fieldError('sub-channel')}
        {channel === 'webhook' ? (
          <>
            <label for="sub-url">Webhook URL</label>
            <input
              id="sub-url"
              type="url"
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
              {...fieldProps('sub-url')}
            />
            {fieldError('sub-url')}
            <label for="sub-secret">Signing secret</label>
            <span class="inline">
              <input
                id="sub-secret"
                value={secret}
                autoComplete="off"
                onInput={(e) => setSecret(e.currentTarget.value)}
                {...fieldProps('sub-secret')}
                aria-describedby={
                  invalid === 'sub-secret' ? 'sub-secret-error sub-secret-hint' : 'sub-secret-hint'
                }
              />{' '}
              <button type="button" onClick={() => setSecret(newWebhookSecret())}>
                Generate a secret
              </button>
            </span>
            {fieldError('sub-secret')}
            <span id="sub-secret-hint" class="hint">
              whsec_ and base64; keep a copy for your receiver: it is never shown again
            </span>
          </>
        ) : (
          <>
            <label for="sub-address">E-mail address</label>
            <input
              id="sub-address"
              type="email"
              value={address}
              onInput={(e) => setAddress(e.currentTarget.value)}
              {...fieldProps('sub-address')}
            />
            {fieldError('sub-address')}
          </>
        )}
        <label for="sub-severity">Notify me of</label>
        <select
          id="sub-severity"
          value={minSeverity}
          onInput={(e) => setMinSeverity(e.currentTarget.value as Severity)}
          {...fieldProps('sub-severity')}
        >
          {(['minor', 'major', 'critical'] as const).map((severity) => (
            <option key={severity} value={severity}>
              {SEVERITY_WORDS[severity]}
            </option>
          ))}
        </select>
        {fieldError('sub-severity')}
        <label for="sub-quiet-start">Quiet hours from (optional)</label>
        <input
          id="sub-quiet-start"
          type="time"
          value={quietStart}
          onInput={(e) => setQuietStart(e.currentTarget.value)}
          {...fieldProps('sub-quiet-start')}
        />
        {fieldError('sub-quiet-start')}
        <label for="sub-quiet-end">Quiet hours until</label>
        <input
          id="sub-quiet-end"
          type="time"
          value={quietEnd}
          onInput={(e) => setQuietEnd(e.currentTarget.value)}
          {...fieldProps('sub-quiet-end')}
        />
        {fieldError('sub-quiet-end')}
        <label for="sub-quiet-zone">Quiet hours time zone (IANA)</label>
        <input
          id="sub-quiet-zone"
          value={quietZone}
          onInput={(e) => setQuietZone(e.currentTarget.value)}
          {...fieldProps('sub-quiet-zone')}
        />
        {fieldError('sub-quiet-zone')}
        <span />
        <button type="submit" disabled={busy}>
          Add notification
        </button>
      </form>
    </>
  );
}
