import { useEffect, useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';

import type { RetiredDeviceDto, TicketResponseDto } from '../api/api-types.generated';
import { TimeChart } from '../chart/time-chart';
import { dateTime, failureModeLabel, SEVERITY_LABEL, STATUS_LABEL } from '../format';
import { href } from '../router';
import { api, isNoc } from '../store';
import { ProblemMessage } from '../ticket/problem-message';

const DAY = 86_400_000;
const METRIC_SERIES: uPlot.Series[] = [
  { label: 'Value', stroke: '#1d4ed8', width: 2, points: { show: false } },
];

/** One device: its tickets and a chart per metric (those its tickets name, and any other asked for). */
export function DeviceView({ tenant, device }: { tenant: string; device: string }) {
  const [tickets, setTickets] = useState<TicketResponseDto[] | null>(null);
  const [extra, setExtra] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api()
      .tickets({ tenant, device })
      .then((page) => setTickets(page.items))
      .catch(setError);
  }, [tenant, device]);

  const metrics = useMemo(() => {
    const named = new Set<string>();
    for (const ticket of tickets ?? []) for (const entry of ticket.evidence) named.add(entry.metric);
    for (const metric of extra) named.add(metric);
    return [...named];
  }, [tickets, extra]);

  return (
    <>
      <h1 tabIndex={-1}>
        Device {device} <span class="muted">({tenant})</span>
      </h1>
      {error !== null && <ProblemMessage error={error} />}
      <Retirement tenant={tenant} device={device} />
      <section aria-labelledby="device-tickets">
        <h2 id="device-tickets">Tickets</h2>
        {tickets === null ? (
          <p>Loading…</p>
        ) : tickets.length === 0 ? (
          <p>No ticket for this device.</p>
        ) : (
          <ul class="plain-list">
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <span class={`badge sev-${ticket.severity}`}>{SEVERITY_LABEL[ticket.severity]}</span>{' '}
                <a href={href.ticket(ticket.id)}>{failureModeLabel(ticket.failureMode)}</a> —{' '}
                {STATUS_LABEL[ticket.status]}, opened {dateTime(ticket.openedAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="device-metrics">
        <h2 id="device-metrics">Metrics, last 24 hours</h2>
        <form
          class="inline"
          onSubmit={(event) => {
            event.preventDefault();
            const metric = draft.trim();
            if (metric && !metrics.includes(metric)) setExtra([...extra, metric]);
            setDraft('');
          }}
        >
          <label for="metric-name">Show another metric</label>
          <input
            id="metric-name"
            type="text"
            placeholder="e.g. fan_speed"
            value={draft}
            onInput={(event) => setDraft(event.currentTarget.value)}
          />
          <button type="submit" class="secondary">
            Show
          </button>
        </form>
        {metrics.map((metric) => (
          <MetricChart key={metric} tenant={tenant} device={device} metric={metric} />
        ))}
      </section>
    </>
  );
}

/**
 * Whether the device is retired (decommissioned): when, by whom and why, and (NOC) undoing it. Nothing shows
 * for a device in service.
 */
function Retirement({ tenant, device }: { tenant: string; device: string }) {
  // undefined: loading; null: in service
  const [retired, setRetired] = useState<RetiredDeviceDto | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setRetired(undefined);
    setNotice(null);
    api().retiredDevice(tenant, device).then(setRetired).catch(setError);
  }, [tenant, device]);

  const undo = async () => {
    setError(null);
    try {
      await api().unretireDevice(tenant, device);
      setRetired(null);
      setNotice(`${tenant}/${device} is watched again: its next points start afresh.`);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      {error !== null && <ProblemMessage error={error} />}
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}
      {retired && (
        <section class="notice changed" aria-labelledby="device-retired">
          <h2 id="device-retired">Retired</h2>
          <p>
            Retired {dateTime(retired.retiredAt)} by {retired.retiredBy}: {retired.comment}
          </p>
          <p class="hint">No ticket opens for it and the detectors do not watch it.</p>
          {isNoc.value && (
            <button type="button" class="secondary" onClick={() => void undo()}>
              Undo retirement
            </button>
          )}
        </section>
      )}
    </>
  );
}

function MetricChart({ tenant, device, metric }: { tenant: string; device: string; metric: string }) {
  const [points, setPoints] = useState<[number, number][] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const now = Date.now();
    api()
      .telemetry(tenant, device, metric, now - DAY, now)
      .then((answer) => setPoints(answer.points))
      .catch(setError);
  }, [tenant, device, metric]);
  const data = useMemo<uPlot.AlignedData | null>(
    () => (points ? [points.map(([t]) => t), points.map(([, v]) => v)] : null),
    [points],
  );
  return (
    <figure class="evidence" aria-labelledby={`metric-${metric}`}>
      <figcaption id={`metric-${metric}`}>
        <strong>{metric}</strong> {points ? `(${points.length} points)` : ''}
      </figcaption>
      {error !== null && <ProblemMessage error={error} />}
      {data && points && points.length > 0 && (
        <TimeChart
          label={`${metric} on ${device}, last 24 hours`}
          data={data}
          series={METRIC_SERIES}
          height={220}
        />
      )}
      {points && points.length === 0 && <p>No data for {metric} in the last 24 hours.</p>}
    </figure>
  );
}
