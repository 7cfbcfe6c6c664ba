import { useEffect, useMemo, useState } from 'preact/hooks';

import type { Severity } from '../api/api-types.generated';
import { dateTime, failureModeLabel, fromNow, SEVERITY_LABEL } from '../format';
import { loadTickets } from '../queue/load-tickets';
import { DEFAULT_FILTERS, matchesFilters, mergeList } from '../queue/queue-model';
import { href } from '../router';
import { api, reloadToken, rows } from '../store';
import { ProblemMessage } from '../ticket/problem-message';
import { devicesByBreach } from './fleet-model';
import { RetiredDevices } from './retired-devices';

const SEVERITIES: Severity[] = ['critical', 'major', 'minor'];

/** The fleet at a glance: open tickets by severity, and the devices ordered by predicted time to breach. */
export function FleetView() {
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  const reload = reloadToken.value;

  useEffect(() => {
    loadTickets(api(), DEFAULT_FILTERS)
      .then(({ items }) => {
        rows.value = mergeList(
          new Map([...rows.value].filter(([, row]) => matchesFilters(row, DEFAULT_FILTERS))),
          items,
        );
        setLoaded(true);
      })
      .catch(setError);
  }, [reload]);

  const active = useMemo(
    () => [...rows.value.values()].filter((row) => row.status !== 'resolved'),
    [rows.value],
  );
  const devices = useMemo(() => devicesByBreach(active), [active]);
  const now = Date.now();

  return (
    <>
      <h1 tabIndex={-1}>Fleet overview</h1>
      {error !== null && <ProblemMessage error={error} />}
      {!loaded && error === null && <p>Loading…</p>}
      <section aria-labelledby="by-severity">
        <h2 id="by-severity">Open tickets by severity</h2>
        <p class="hint">open or acknowledged, not resolved</p>
        <ul class="tiles">
          {SEVERITIES.map((severity) => (
            <li key={severity} class={`tile sev-${severity}`}>
              <span class="tile-count">{active.filter((row) => row.severity === severity).length}</span>
              <span class="tile-label">{SEVERITY_LABEL[severity]}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="by-breach">
        <h2 id="by-breach">Devices by predicted time to breach</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Predicted breach</th>
              <th scope="col">Worst severity</th>
              <th scope="col">Failure modes</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((entry) => (
              <tr key={`${entry.tenant}/${entry.device}`}>
                <td>
                  <a href={href.device(entry.tenant, entry.device)}>
                    {entry.tenant}/{entry.device}
                  </a>
                </td>
                <td>
                  {entry.predictedBreachAt === null ? (
                    'none predicted'
                  ) : (
                    <time
                      dateTime={new Date(entry.predictedBreachAt).toISOString()}
                      title={dateTime(entry.predictedBreachAt)}
                    >
                      {fromNow(entry.predictedBreachAt, now)}
                    </time>
                  )}
                </td>
                <td>
                  <span class={`badge sev-${entry.severity}`}>{SEVERITY_LABEL[entry.severity]}</span>
                </td>
                <td>{entry.failureModes.map(failureModeLabel).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {loaded && devices.length === 0 && <p>No device has an open ticket.</p>}
      </section>
      <RetiredDevices />
    </>
  );
}
