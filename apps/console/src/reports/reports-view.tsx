import { useEffect, useState } from 'preact/hooks';

import type { DurationStats, OperationsFigures, OperationsReport } from '../api/api-types.generated';
import { dateTime, failureModeLabel, spanText } from '../format';
import { api } from '../store';
import { ProblemMessage } from '../ticket/problem-message';

const DAY = 86_400_000;
const PERIODS = [
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
] as const;

/**
 * How the NOC handled the tickets opened in a period: time to acknowledge and to resolve, false positives,
 * escalations and how far ahead forecasts warned (GET /api/v1/reports/operations).
 */
export function ReportsView() {
  const [days, setDays] = useState<number>(7);
  const [report, setReport] = useState<OperationsReport | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setReport(null);
    setError(null);
    const to = Date.now();
    api()
      .operationsReport(to - days * DAY, to)
      .then(setReport)
      .catch(setError);
  }, [days]);

  return (
    <>
      <h1 tabIndex={-1}>Operations report</h1>
      <fieldset class="radios">
        <legend>Tickets opened in</legend>
        {PERIODS.map((period) => (
          <label key={period.days}>
            <input
              type="radio"
              name="period"
              checked={days === period.days}
              onChange={() => setDays(period.days)}
            />{' '}
            {period.label}
          </label>
        ))}
      </fieldset>
      {error !== null && <ProblemMessage error={error} />}
      {report === null && error === null && <p>Loading…</p>}
      {report && <Report report={report} />}
    </>
  );
}

function Report({ report }: { report: OperationsReport }) {
  return (
    <>
      <p class="hint">
        {dateTime(report.from)} to {dateTime(report.to)}; durations are median / 90th percentile
      </p>
      <section aria-labelledby="report-overall">
        <h2 id="report-overall">All tickets</h2>
        <dl class="facts">
          <dt>Opened</dt>
          <dd>
            {report.opened} ({report.stillOpen} not resolved yet)
          </dd>
          <dt>Time to acknowledge</dt>
          <dd>{durationText(report.timeToAcknowledge)}</dd>
          <dt>Time to resolve</dt>
          <dd>{durationText(report.timeToResolve)}</dd>
          <dt>Resolved</dt>
          <dd>
            {report.resolved.manual} by the NOC, {report.resolved.auto} on recovery,{' '}
            {report.resolved.falsePositive} as false positives ({shareText(report.falsePositiveShare)})
          </dd>
          <dt>Escalated</dt>
          <dd>{report.escalated} (not acknowledged in time)</dd>
          <dt>Warning ahead of a predicted breach</dt>
          <dd>{durationText(report.warningLead)}</dd>
        </dl>
      </section>
      <section aria-labelledby="report-modes">
        <h2 id="report-modes">By failure mode</h2>
        {report.byFailureMode.length === 0 ? (
          <p>No ticket opened in this period.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Failure mode</th>
                <th scope="col">Opened</th>
                <th scope="col">Not resolved</th>
                <th scope="col">Time to acknowledge</th>
                <th scope="col">Time to resolve</th>
                <th scope="col">False positives</th>
                <th scope="col">Escalated</th>
                <th scope="col">Warning ahead</th>
              </tr>
            </thead>
            <tbody>
              {report.byFailureMode.map((mode) => (
                <ModeRow key={mode.failureMode} mode={mode} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function ModeRow({ mode }: { mode: OperationsFigures & { failureMode: string } }) {
  return (
    <tr>
      <th scope="row">{failureModeLabel(mode.failureMode)}</th>
      <td>{mode.opened}</td>
      <td>{mode.stillOpen}</td>
      <td>{durationText(mode.timeToAcknowledge)}</td>
      <td>{durationText(mode.timeToResolve)}</td>
      <td>
        {mode.resolved.falsePositive} ({shareText(mode.falsePositiveShare)})
      </td>
      <td>{mode.escalated}</td>
      <td>{durationText(mode.warningLead)}</td>
    </tr>
  );
}

/** '12 min / 40 min (9)': median / p90 and how many were measured; '—' when none was. */
export function durationText(stats: DurationStats): string {
  if (stats.medianMs === null || stats.p90Ms === null) return '—';
  return `${spanText(stats.medianMs)} / ${spanText(stats.p90Ms)} (${stats.count})`;
}

function shareText(share: number | null): string {
  return share === null ? 'none resolved' : `${Math.round(share * 100)} % of resolved`;
}
