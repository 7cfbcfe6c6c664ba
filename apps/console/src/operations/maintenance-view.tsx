import { useState } from 'preact/hooks';

import type { MaintenanceWindowDto } from '../api/api-types.generated';
import { dateTime } from '../format';
import { api } from '../store';
import { ProblemMessage } from '../ticket/problem-message';
import { ListStatus, useManagedList } from './managed-list';
import { type Recurrence, repeatsOf, rruleOf, scopeOf } from './schedule';

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const fetchWindows = () => api().maintenanceWindows();

/** Maintenance windows: list, create (once or recurring, in a time zone), delete. */
export function MaintenanceView() {
  const list = useManagedList(fetchWindows);
  const windows = list.items;
  const remove = async (window: MaintenanceWindowDto) => {
    if (!confirm(`Delete the maintenance window of ${window.tenant} (${scopeOf(window)})?`)) return;
    await list.change(
      () => api().deleteMaintenanceWindow(window.id),
      `Deleted the window of ${window.tenant} (${scopeOf(window)}).`,
    );
  };

  return (
    <>
      <h1 tabIndex={-1}>Maintenance windows</h1>
      <p>
        During a window, a device's evidence is scored but not learned and opens no ticket; what is still
        wrong at the window's end opens one then.
      </p>
      <ListStatus list={list} empty="No maintenance window." />
      {windows && windows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">Covers</th>
              <th scope="col">Schedule</th>
              <th scope="col">Next</th>
              <th scope="col">Comment</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {windows.map((window) => (
              <tr key={window.id}>
                <td>{window.tenant}</td>
                <td>{scopeOf(window)}</td>
                <td>
                  {window.start} {window.timeZone}, {window.durationMinutes} min, {repeatsOf(window.rrule)}
                </td>
                <td>
                  {window.active && <span class="badge sev-minor">in progress</span>}{' '}
                  {window.nextOccurrence
                    ? `${dateTime(window.nextOccurrence.start)} – ${dateTime(window.nextOccurrence.end)}`
                    : 'none'}
                </td>
                <td>
                  {window.comment} <span class="muted">({window.createdBy})</span>
                </td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => void remove(window)}
                    aria-label={`Delete the window of ${window.tenant}: ${scopeOf(window)}, ${window.start}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateWindow
        onCreated={(window) => list.changed(`Created a window for ${window.tenant} (${scopeOf(window)}).`)}
      />
    </>
  );
}

function CreateWindow({ onCreated }: { onCreated: (window: MaintenanceWindowDto) => Promise<void> }) {
  const [tenant, setTenant] = useState('');
  const [devices, setDevices] = useState('');
  const [site, setSite] = useState('');
  const [start, setStart] = useState('');
  const [duration, setDuration] = useState('120');
  const [timeZone, setTimeZone] = useState(BROWSER_ZONE);
  const [recurrence, setRecurrence] = useState<Recurrence>('once');
  const [custom, setCustom] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const list = devices
      .split(',')
      .map((device) => device.trim())
      .filter(Boolean);
    try {
      const created = await api().createMaintenanceWindow({
        tenant: tenant.trim(),
        ...(list.length > 0 ? { devices: list } : {}),
        ...(site.trim() ? { site: site.trim() } : {}),
        start,
        durationMinutes: Number(duration),
        timeZone: timeZone.trim(),
        ...(rruleOf(recurrence, start, custom) ? { rrule: rruleOf(recurrence, start, custom) } : {}),
        comment: comment.trim(),
      });
      setComment('');
      await onCreated(created);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="new-window">
      <h2 id="new-window">New maintenance window</h2>
      {error !== null && <ProblemMessage error={error} />}
      <form class="grid-form" onSubmit={submit}>
        <label for="mw-tenant">Tenant</label>
        <input id="mw-tenant" required value={tenant} onInput={(e) => setTenant(e.currentTarget.value)} />
        <label for="mw-devices">Devices</label>
        <input
          id="mw-devices"
          value={devices}
          aria-describedby="mw-devices-hint"
          onInput={(e) => setDevices(e.currentTarget.value)}
        />
        <span id="mw-devices-hint" class="hint">
          comma-separated; empty: every device of the tenant (or of the site)
        </span>
        <label for="mw-site">Site</label>
        <input id="mw-site" value={site} onInput={(e) => setSite(e.currentTarget.value)} />
        <label for="mw-start">Start (local time in the zone below)</label>
        <input
          id="mw-start"
          type="datetime-local"
          required
          value={start}
          onInput={(e) => setStart(e.currentTarget.value)}
        />
        <label for="mw-duration">Duration (minutes)</label>
        <input
          id="mw-duration"
          type="number"
          min={1}
          required
          value={duration}
          onInput={(e) => setDuration(e.currentTarget.value)}
        />
        <label for="mw-zone">Time zone (IANA)</label>
        <input id="mw-zone" required value={timeZone} onInput={(e) => setTimeZone(e.currentTarget.value)} />
        <label for="mw-repeat">Repeats</label>
        <select
          id="mw-repeat"
          value={recurrence}
          onInput={(e) => setRecurrence(e.currentTarget.value as Recurrence)}
        >
          <option value="once">Once</option>
          <option value="daily">Every day</option>
          <option value="weekly">Every week, on the start's weekday</option>
          <option value="custom">Custom RRULE</option>
        </select>
        {recurrence === 'custom' && (
          <>
            <label for="mw-rrule">RRULE (RFC 5545)</label>
            <input
              id="mw-rrule"
              placeholder="FREQ=WEEKLY;BYDAY=SU"
              value={custom}
              onInput={(e) => setCustom(e.currentTarget.value)}
            />
          </>
        )}
        <label for="mw-comment">Comment</label>
        <input id="mw-comment" required value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        <span />
        <button type="submit" disabled={busy}>
          Create window
        </button>
      </form>
    </section>
  );
}
