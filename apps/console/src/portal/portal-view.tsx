import { useEffect, useMemo, useState } from 'preact/hooks';

import type { MaintenanceWindowDto } from '../api/api-types.generated';
import { dateTime, failureModeLabel, plainForecast, plainStatus } from '../format';
import { scopeOf } from '../operations/schedule';
import { mergeList } from '../queue/queue-model';
import { href } from '../router';
import { api, reloadToken, rows, session } from '../store';
import { ProblemMessage } from '../ticket/problem-message';
import { NoticesSection, SubscriptionsSection } from './notifications';
import { ServiceSummary } from './service-summary';

/**
 * A customer's own tickets in plain language, the maintenance booked on its equipment, the notices sent to
 * it and its notification subscriptions (the API gives a customer key its own tenant's only).
 */
export function PortalView() {
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  const [windows, setWindows] = useState<MaintenanceWindowDto[] | null>(null);
  const reload = reloadToken.value;
  const who = session.value?.who;

  useEffect(() => {
    api()
      .tickets({})
      .then((page) => {
        rows.value = mergeList(new Map(), page.items);
        setLoaded(true);
      })
      .catch(setError);
    api()
      .maintenanceWindows()
      .then((answer) => setWindows(answer.items))
      .catch(setError);
  }, [reload]);

  const all = useMemo(() => [...rows.value.values()], [rows.value]);
  const active = all
    .filter((row) => row.status !== 'resolved')
    .sort((a, b) => (a.predictedBreachAt ?? '9').localeCompare(b.predictedBreachAt ?? '9'));
  const resolved = all
    .filter((row) => row.status === 'resolved')
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const now = Date.now();

  return (
    <>
      <h1 tabIndex={-1}>Your equipment{who?.tenant ? ` (${who.tenant})` : ''}</h1>
      <p>
        We watch your equipment around the clock and open a ticket as soon as we predict a problem, usually
        before it affects your service.
      </p>
      {error !== null && <ProblemMessage error={error} />}
      <section aria-labelledby="current-issues">
        <h2 id="current-issues">Current issues</h2>
        {!loaded && error === null && <p>Loading…</p>}
        {loaded && active.length === 0 && <p>Nothing to report: all your equipment looks healthy.</p>}
        <ul class="cards">
          {active.map((row) => (
            <li key={row.id} class="card">
              <h3>
                <a href={href.ticket(row.id)}>
                  {failureModeLabel(row.failureMode)} on {row.device}
                </a>
              </h3>
              <p>{plainForecast(row.failureMode, row.device, row.predictedBreachAt, now)}</p>
              <p>{plainStatus(row.status, row.assignee)}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="maintenance">
        <h2 id="maintenance">Planned maintenance</h2>
        {windows !== null && windows.length === 0 && <p>No maintenance is planned on your equipment.</p>}
        <ul class="plain-list">
          {(windows ?? []).map((window) => (
            <li key={window.id}>
              <strong>{scopeOf(window)}</strong>:{' '}
              {window.active ? 'in progress now' : window.nextOccurrence ? 'next' : 'no further occurrence'}
              {window.nextOccurrence &&
                ` ${dateTime(window.nextOccurrence.start)} to ${dateTime(window.nextOccurrence.end)}`}
              {window.rrule ? ' (recurring)' : ''} — {window.comment}
            </li>
          ))}
        </ul>
      </section>
      <ServiceSummary />
      <NoticesSection />
      {who?.tenant && <SubscriptionsSection tenant={who.tenant} />}
      {resolved.length > 0 && (
        <section aria-labelledby="resolved-issues">
          <h2 id="resolved-issues">Resolved</h2>
          <ul class="plain-list">
            {resolved.map((row) => (
              <li key={row.id}>
                <a href={href.ticket(row.id)}>
                  {failureModeLabel(row.failureMode)} on {row.device}
                </a>{' '}
                — resolved
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
