import { useState } from 'preact/hooks';

import type { SilenceDto } from '../api/api-types.generated';
import type { SilenceBody } from '../api/client';
import { dateTime, failureModeLabel } from '../format';
import { api } from '../store';
import { ProblemMessage } from '../ticket/problem-message';
import { ListStatus, useManagedList } from './managed-list';

/** What a silence matches, as a sentence fragment. */
function matchers(silence: SilenceDto): string {
  const parts = [silence.device ? `device ${silence.device}` : 'every device'];
  if (silence.site) parts.push(`at site ${silence.site}`);
  if (silence.failureMode) parts.push(`for ${failureModeLabel(silence.failureMode).toLowerCase()}`);
  return parts.join(' ');
}

const fetchSilences = () => api().silences();

/** Silences: list, create (until a time, or until the matching tickets resolve), expire now. */
export function SilencesView() {
  const list = useManagedList(fetchSilences);
  const silences = list.items;
  const expire = (silence: SilenceDto) =>
    list.change(
      () => api().expireSilence(silence.id),
      `Expired the silence of ${silence.tenant} (${matchers(silence)}).`,
    );

  return (
    <>
      <h1 tabIndex={-1}>Silences</h1>
      <p>
        A silenced ticket still opens and updates, but is not notified or escalated; when the silence ends,
        what still fails is notified again.
      </p>
      <ListStatus list={list} empty="No silence." />
      {silences && silences.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">Matches</th>
              <th scope="col">Until</th>
              <th scope="col">State</th>
              <th scope="col">Comment</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {silences.map((silence) => (
              <tr key={silence.id}>
                <td>{silence.tenant}</td>
                <td>{matchers(silence)}</td>
                <td>
                  {silence.untilResolved
                    ? `its ${silence.ticketIds.length} ticket${silence.ticketIds.length === 1 ? '' : 's'} resolve`
                    : silence.endsAt
                      ? dateTime(silence.endsAt)
                      : '—'}
                </td>
                <td>
                  {silence.state === 'active'
                    ? 'active'
                    : `expired ${silence.expiredAt ? dateTime(silence.expiredAt) : ''}`}
                </td>
                <td>
                  {silence.comment} <span class="muted">({silence.createdBy})</span>
                </td>
                <td>
                  {silence.state === 'active' && (
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => void expire(silence)}
                      aria-label={`Expire now the silence of ${silence.tenant}: ${matchers(silence)}`}
                    >
                      Expire now
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateSilence
        onCreated={(silence) => list.changed(`Silenced ${silence.tenant} (${matchers(silence)}).`)}
      />
    </>
  );
}

function CreateSilence({ onCreated }: { onCreated: (silence: SilenceDto) => Promise<void> }) {
  const [tenant, setTenant] = useState('');
  const [device, setDevice] = useState('');
  const [site, setSite] = useState('');
  const [failureMode, setFailureMode] = useState('');
  const [until, setUntil] = useState<'time' | 'resolved'>('time');
  const [endsAt, setEndsAt] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const optional = (name: 'device' | 'site' | 'failureMode', value: string) =>
      value.trim() ? { [name]: value.trim() } : {};
    const body: SilenceBody = {
      tenant: tenant.trim(),
      comment: comment.trim(),
      ...optional('device', device),
      ...optional('site', site),
      ...optional('failureMode', failureMode),
      // datetime-local is the browser's wall time: the API takes an instant
      ...(until === 'resolved'
        ? { untilResolved: true as const }
        : { endsAt: new Date(endsAt).toISOString() }),
    };
    try {
      const created = await api().createSilence(body);
      setComment('');
      await onCreated(created);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="new-silence">
      <h2 id="new-silence">New silence</h2>
      {error !== null && <ProblemMessage error={error} />}
      <form class="grid-form" onSubmit={submit}>
        <label for="si-tenant">Tenant</label>
        <input id="si-tenant" required value={tenant} onInput={(e) => setTenant(e.currentTarget.value)} />
        <label for="si-device">Device</label>
        <input id="si-device" value={device} onInput={(e) => setDevice(e.currentTarget.value)} />
        <label for="si-site">Site</label>
        <input id="si-site" value={site} onInput={(e) => setSite(e.currentTarget.value)} />
        <label for="si-mode">Failure mode</label>
        <input
          id="si-mode"
          placeholder="e.g. overheating"
          value={failureMode}
          onInput={(e) => setFailureMode(e.currentTarget.value)}
        />
        <span class="label">Until</span>
        <fieldset class="radios">
          <legend class="sr-only">Until</legend>
          <label>
            <input type="radio" name="until" checked={until === 'time'} onChange={() => setUntil('time')} /> a
            time
          </label>
          <label>
            <input
              type="radio"
              name="until"
              checked={until === 'resolved'}
              onChange={() => setUntil('resolved')}
            />{' '}
            its open tickets resolve
          </label>
        </fieldset>
        {until === 'time' && (
          <>
            <label for="si-ends">Ends at (your local time)</label>
            <input
              id="si-ends"
              type="datetime-local"
              required
              value={endsAt}
              onInput={(e) => setEndsAt(e.currentTarget.value)}
            />
          </>
        )}
        <label for="si-comment">Comment</label>
        <input id="si-comment" required value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        <span />
        <button type="submit" disabled={busy}>
          Create silence
        </button>
      </form>
    </section>
  );
}
