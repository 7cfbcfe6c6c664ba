import { useEffect, useState } from 'preact/hooks';

import type { DurationStats, OperationsReport } from '../api/api-types.generated';
import { spanText } from '../format';
import { api, reloadToken } from '../store';

const DAYS = 30;

/**
 * What the NOC did for this customer in the last 30 days, in plain words (its own tenant's operations report):
 * how many issues, how fast they were picked up and resolved, how far ahead failures were predicted.
 */
export function ServiceSummary() {
  const [report, setReport] = useState<OperationsReport | null>(null);
  const reload = reloadToken.value;
  useEffect(() => {
    const to = Date.now();
    api()
      .operationsReport(to - DAYS * 86_400_000, to)
      .then(setReport)
      // the rest of the portal still shows: this section is a summary
      .catch(() => setReport(null));
  }, [reload]);
  if (!report) return null;
  const { opened, timeToAcknowledge, timeToResolve, warningLead } = report;
  return (
    <section aria-labelledby="service-summary">
      <h2 id="service-summary">Our service, last {DAYS} days</h2>
      {opened === 0 ? (
        <p>No issue was found on your equipment.</p>
      ) : (
        <ul class="plain-list">
          <li>
            {opened === 1 ? 'One issue was' : `${opened} issues were`} found on your equipment
            {report.stillOpen > 0 ? ` (${report.stillOpen} still being worked on)` : ''}.
          </li>
          {timeToAcknowledge.medianMs !== null && (
            <li>
              Our engineers picked {timeToAcknowledge.count === 1 ? 'it' : 'them'} up within{' '}
              {within(timeToAcknowledge)}.
            </li>
          )}
          {timeToResolve.medianMs !== null && (
            <li>
              {timeToResolve.count === 1 ? 'One was' : `${timeToResolve.count} were`} resolved within{' '}
              {within(timeToResolve)}.
            </li>
          )}
          {warningLead.medianMs !== null && (
            <li>
              {warningLead.count === 1 ? 'One was' : `${warningLead.count} were`} predicted ahead of the
              expected failure, by {within(warningLead)}.
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

/** '12 min', or '12 min (median)' when several were measured. */
function within(stats: DurationStats): string {
  return `${spanText(stats.medianMs ?? 0)}${stats.count > 1 ? ' (median)' : ''}`;
}
