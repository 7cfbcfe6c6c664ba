import { useEffect, useMemo, useState } from 'preact/hooks';

import { ApiError } from '../api/client';
import { dateTime, failureModeLabel, fromNow, SEVERITY_LABEL, STATUS_LABEL } from '../format';
import { href } from '../router';
import { api, reloadToken, rows } from '../store';
import { ProblemMessage } from '../ticket/problem-message';
import { loadTickets } from './load-tickets';
import {
  compareRows,
  DEFAULT_FILTERS,
  matchesFilters,
  mergeList,
  type QueueFilters,
  type QueueRow,
  type SortKey,
} from './queue-model';

/** The NOC's live queue: one list request per filter change, then the event stream keeps it current. */
export function QueueView() {
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [draft, setDraft] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [sort, setSort] = useState<SortKey>('breach');
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const reload = reloadToken.value;

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(null);
    // events arriving meanwhile update `rows`; the merge keeps whichever version is newer
    loadTickets(api(), filters)
      .then(({ items, total: matching }) => {
        if (cancelled) return;
        setTotal(matching);
        rows.value = mergeList(
          new Map([...rows.value].filter(([, row]) => matchesFilters(row, filters))),
          items,
        );
      })
      .catch((failure: unknown) => !cancelled && setError(failure))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [filters, reload]);

  const all = rows.value;
  const shown = useMemo(
    () => [...all.values()].filter((row) => matchesFilters(row, filters)).sort(compareRows(sort)),
    [all, filters, sort],
  );
  const now = Date.now();

  const acknowledge = async (row: QueueRow) => {
    setNotice(null);
    setError(null);
    try {
      const fresh = await api().acknowledge(row.id, row.version);
      rows.value = new Map(rows.value).set(fresh.id, { ...rows.value.get(fresh.id), ...fresh });
      setNotice(`Acknowledged ${row.tenant}/${row.device} (${failureModeLabel(row.failureMode)}).`);
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.status === 409) {
        const fresh = await api().ticket(row.id);
        rows.value = new Map(rows.value).set(fresh.id, { ...rows.value.get(fresh.id), ...fresh });
      }
    }
  };

  const field = (name: keyof QueueFilters) => ({
    id: `filter-${name}`,
    name,
    value: draft[name],
    onInput: (event: Event) =>
      setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value }),
  });

  return (
    <>
      <h1 tabIndex={-1}>Ticket queue</h1>
      <form
        class="filters"
        aria-label="Filter the queue"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ ...draft });
        }}
      >
        <div>
          <label for="filter-status">Status</label>
          <select {...field('status')}>
            <option value="active">Open or acknowledged</option>
            <option value="open">Open</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="resolved">Resolved</option>
            <option value="all">Any</option>
          </select>
        </div>
        <div>
          <label for="filter-severity">Severity</label>
          <select {...field('severity')}>
            <option value="">Any</option>
            <option value="critical">Critical</option>
            <option value="major">Major</option>
            <option value="minor">Minor</option>
          </select>
        </div>
        <div>
          <label for="filter-tenant">Tenant</label>
          <input {...field('tenant')} type="text" autocomplete="off" />
        </div>
        <div>
          <label for="filter-device">Device</label>
          <input {...field('device')} type="text" autocomplete="off" />
        </div>
        <div>
          <label for="filter-assignee">Assignee</label>
          <input {...field('assignee')} type="text" autocomplete="off" aria-describedby="assignee-hint" />
          <span id="assignee-hint" class="hint">
            “none”: unassigned
          </span>
        </div>
        <div class="actions">
          <button type="submit">Apply filters</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setDraft(DEFAULT_FILTERS);
              setFilters(DEFAULT_FILTERS);
            }}
          >
            Clear
          </button>
        </div>
        <div>
          <label for="sort">Sort by</label>
          <select id="sort" value={sort} onInput={(event) => setSort(event.currentTarget.value as SortKey)}>
            <option value="breach">Predicted breach (soonest first)</option>
            <option value="severity">Severity</option>
            <option value="updated">Last change</option>
          </select>
        </div>
      </form>
      {error !== null && <ProblemMessage error={error} />}
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}
      <p class="count" aria-live="polite">
        {loading
          ? 'Loading tickets…'
          : `${shown.length} ticket${shown.length === 1 ? '' : 's'}` +
            (total > shown.length ? ` shown of ${total} matching: narrow the filters to see the others` : '')}
      </p>
      <table class="queue">
        <caption class="sr-only">
          Tickets, {sort === 'breach' ? 'soonest predicted breach first' : `sorted by ${sort}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Ticket</th>
            <th scope="col">Device</th>
            <th scope="col">Status</th>
            <th scope="col">Predicted breach</th>
            <th scope="col">Assignee</th>
            <th scope="col">Updated</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.id} data-ticket={row.id}>
              <td>
                <span class={`badge sev-${row.severity}`}>{SEVERITY_LABEL[row.severity]}</span>
              </td>
              <td>
                <a href={href.ticket(row.id)}>{failureModeLabel(row.failureMode)}</a>
              </td>
              <td>
                <a href={href.device(row.tenant, row.device)}>
                  {row.tenant}/{row.device}
                </a>
              </td>
              <td>
                {STATUS_LABEL[row.status]}
                {row.deviceSilentSince && <span class="hint">device silent</span>}
              </td>
              <td>
                {row.predictedBreachAt ? (
                  <time dateTime={row.predictedBreachAt} title={dateTime(row.predictedBreachAt)}>
                    {fromNow(Date.parse(row.predictedBreachAt), now)}
                  </time>
                ) : (
                  '—'
                )}
              </td>
              <td>{row.assignee ?? <span class="muted">unassigned</span>}</td>
              <td>
                <time dateTime={row.updatedAt} title={dateTime(row.updatedAt)}>
                  {fromNow(Date.parse(row.updatedAt), now)}
                </time>
              </td>
              <td>
                {row.status === 'open' && (
                  <button
                    type="button"
                    onClick={() => void acknowledge(row)}
                    aria-label={`Acknowledge ${failureModeLabel(row.failureMode)} on ${row.tenant}/${row.device}`}
                  >
                    Acknowledge
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && shown.length === 0 && (
        <p>No ticket matches these filters. New tickets appear here as they open.</p>
      )}
    </>
  );
}
