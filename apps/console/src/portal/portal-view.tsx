import { useEffect, useMemo, useState } from 'preact/hooks';

import { failureModeLabel, plainForecast, plainStatus } from '../format';
import { mergeList } from '../queue/queue-model';
import { href } from '../router';
import { api, reloadToken, rows, session } from '../store';
import { ProblemMessage } from '../ticket/problem-message';

/**
 * A customer's own tickets in plain language (the API gives a customer key its tenant's tickets only).
 * Maintenance windows and notices are not in the API yet, so the portal does not show them.
 */
export function PortalView() {
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
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
