import { useEffect, useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';

import type { EvidenceEntry, MaintenanceWindowDto, SuppressedEvidenceDto } from '../api/api-types.generated';
import { dateTime, num } from '../format';
import { api } from '../store';
import { ProblemMessage } from '../ticket/problem-message';
import { evidenceSeries, historyWindow } from './evidence-series';
import { suppressedSpans } from './suppressed-spans';
import { TimeChart } from './time-chart';

const SERIES: uPlot.Series[] = [
  { label: 'Observed', stroke: '#1d4ed8', width: 2, spanGaps: true, points: { show: false } },
  { label: 'Expected band (low)', stroke: '#047857', width: 1, dash: [3, 3], points: { show: false } },
  { label: 'Expected band (high)', stroke: '#047857', width: 1, dash: [3, 3], points: { show: false } },
  { label: 'Forecast', stroke: '#b45309', width: 2, dash: [8, 4], spanGaps: true, points: { show: false } },
  { label: 'Forecast cone (earliest)', stroke: '#d97706', width: 1, spanGaps: true, points: { show: false } },
  { label: 'Forecast cone (latest)', stroke: '#d97706', width: 1, spanGaps: true, points: { show: false } },
  { label: 'Limit', stroke: '#b91c1c', width: 2, dash: [4, 4], points: { show: false } },
  {
    label: 'Predicted breach',
    stroke: '#b91c1c',
    fill: '#b91c1c',
    width: 0,
    paths: () => null,
    points: { show: true, size: 12, stroke: '#7f1d1d', fill: '#b91c1c' },
  },
];
const BANDS: uPlot.Band[] = [
  { series: [3, 2], fill: 'rgba(4, 120, 87, 0.14)' },
  { series: [5, 6], fill: 'rgba(217, 119, 6, 0.16)' },
];
/** Without a forecast (an anomaly): the history and the band only. */
const ANOMALY_SERIES = SERIES.slice(0, 3);
const ANOMALY_BANDS = BANDS.slice(0, 1);

/**
 * Why the ticket exists, for one metric: its history (telemetry API), the model's expected band, the
 * forecast with its cone, the limit and the predicted breach; and the same in words below the chart.
 */
export function EvidenceChart({
  tenant,
  device,
  entry,
}: {
  tenant: string;
  device: string;
  entry: EvidenceEntry;
}) {
  const [points, setPoints] = useState<[number, number][] | null>(null);
  const [suppression, setSuppression] = useState<{
    suppressed: SuppressedEvidenceDto[];
    windows: MaintenanceWindowDto[];
  } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const range = useMemo(() => historyWindow(entry, Date.now()), [entry]);

  useEffect(() => {
    // in parallel: the history, and what maintenance windows suppressed on this device
    api()
      .telemetry(tenant, device, entry.metric, range.from, range.to)
      .then((answer) => setPoints(answer.points))
      .catch(setError);
    Promise.all([api().suppressedEvidence(tenant, device), api().maintenanceWindows(tenant)])
      .then(([suppressed, windows]) =>
        setSuppression({ suppressed: suppressed.items, windows: windows.items }),
      )
      // no shading is better than no chart: the history answers on its own
      .catch(() => setSuppression({ suppressed: [], windows: [] }));
  }, [tenant, device, entry.metric, range]);

  const forecast = entry.forecast;
  // one chart per answer: the parent re-renders on every live event, the chart must not be rebuilt
  const chart = useMemo((): {
    data: uPlot.AlignedData;
    series: uPlot.Series[];
    bands: uPlot.Band[];
  } | null => {
    if (!points) return null;
    const s = evidenceSeries(points, entry);
    return forecast
      ? {
          data: [
            s.x,
            s.observed,
            s.bandLower,
            s.bandUpper,
            s.forecast,
            s.coneFast,
            s.coneSlow,
            s.limit,
            s.breach,
          ],
          series: SERIES,
          bands: BANDS,
        }
      : { data: [s.x, s.observed, s.bandLower, s.bandUpper], series: ANOMALY_SERIES, bands: ANOMALY_BANDS };
  }, [points, entry, forecast]);
  const shaded = useMemo(() => {
    if (!chart || !suppression) return [];
    const x = chart.data[0];
    return suppressedSpans(suppression.suppressed, suppression.windows, device, x[0], x[x.length - 1]);
  }, [chart, suppression, device]);
  const label =
    `${entry.metric} on ${device}: observed ${num(entry.observed)}, expected ${num(entry.expected)} ` +
    `(band ${num(entry.band.lower)} to ${num(entry.band.upper)})` +
    (forecast
      ? `; forecast to reach the ${forecast.level} limit ${forecast.limit} around ${dateTime(forecast.predictedBreachAt)}`
      : '');

  return (
    <figure class="evidence" aria-labelledby={`evidence-${entry.metric}`}>
      <figcaption id={`evidence-${entry.metric}`}>
        <strong>{entry.metric}</strong> — {entry.eventType === 'forecast' ? 'limit forecast' : 'anomaly'}
        {entry.component ? ` (${entry.component})` : ''}
      </figcaption>
      {error !== null && <ProblemMessage error={error} />}
      {chart ? (
        <TimeChart
          label={label}
          data={chart.data}
          series={chart.series}
          bands={chart.bands}
          shaded={shaded}
        />
      ) : (
        error === null && <p class="muted">Loading the history of {entry.metric}…</p>
      )}
      {shaded.length > 0 && (
        <p class="muted" data-testid="suppressed-note">
          Shaded: maintenance ({shaded.length} period{shaded.length === 1 ? '' : 's'}: evidence suppressed by
          a window, or a window booked on this device).
        </p>
      )}
      <dl class="facts">
        <dt>Latest evidence</dt>
        <dd>
          {num(entry.observed)} at {dateTime(entry.at)} (expected {num(entry.expected)}, band{' '}
          {num(entry.band.lower)} to {num(entry.band.upper)}, score {entry.score.toFixed(2)})
        </dd>
        {forecast && (
          <>
            <dt>Limit</dt>
            <dd>
              {num(forecast.limit)} ({forecast.level}, {forecast.direction === 'up' ? 'upwards' : 'downwards'}
              )
            </dd>
            <dt>Predicted breach</dt>
            <dd>
              {dateTime(forecast.predictedBreachAt)} (between {dateTime(forecast.earliest)} and{' '}
              {dateTime(forecast.latest)})
            </dd>
          </>
        )}
        {entry.step && (
          <>
            <dt>Level shift</dt>
            <dd data-testid="level-shift">
              from {num(entry.step.before)} to {num(entry.step.after)} at {dateTime(entry.step.at)} (a level
              shift{forecast ? '; the forecast is fitted on the level after it' : ''})
            </dd>
          </>
        )}
        <dt>Events</dt>
        <dd>
          {entry.anomalies} anomal{entry.anomalies === 1 ? 'y' : 'ies'}, {entry.forecasts} forecast
          {entry.forecasts === 1 ? '' : 's'} since {dateTime(entry.firstAt)}
          {entry.recoveredAt !== null ? `; back to normal since ${dateTime(entry.recoveredAt)}` : ''}
        </dd>
      </dl>
    </figure>
  );
}
