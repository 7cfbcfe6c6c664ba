import { useCallback, useEffect, useState } from 'preact/hooks';

import type { TicketDetailResponseDto } from '../api/api-types.generated';
import { EvidenceChart } from '../chart/evidence-chart';
import {
  dateTime,
  failureModeLabel,
  fromNow,
  plainForecast,
  plainStatus,
  SEVERITY_LABEL,
  STATUS_LABEL,
} from '../format';
import { href } from '../router';
import { api, isNoc, rows } from '../store';
import { ProblemMessage } from './problem-message';
import { TicketActions } from './ticket-actions';

const RESOLUTION_LABEL = {
  manual: 'resolved by the NOC',
  auto: 'back to normal (resolved automatically)',
  false_positive: 'false positive (the detector learns from it)',
} as const;

/** One ticket: what, why (the evidence charts), who did what (the audit trail), and the NOC's actions. */
export function TicketView({ id }: { id: string }) {
  const [ticket, setTicket] = useState<TicketDetailResponseDto | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const fresh = await api().ticket(id);
      setTicket(fresh);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, [id]);

  useEffect(() => {
    setTicket(null);
    void load();
  }, [load]);

  if (!ticket)
    return (
      <>
        <h1 tabIndex={-1}>Ticket</h1>
        {error !== null ? <ProblemMessage error={error} /> : <p>Loading the ticket…</p>}
      </>
    );

  const noc = isNoc.value;
  const live = rows.value.get(ticket.id);
  const changed = live !== undefined && live.version > ticket.version;
  const now = Date.now();
  return (
    <>
      <p class="crumbs">
        <a href={noc ? href.queue() : href.portal()}>{noc ? 'Queue' : 'My equipment'}</a> ›{' '}
        <a href={href.device(ticket.tenant, ticket.device)}>
          {ticket.tenant}/{ticket.device}
        </a>
      </p>
      <h1 tabIndex={-1}>
        {failureModeLabel(ticket.failureMode)} on {ticket.device}
      </h1>
      {changed && (
        <div role="status" class="notice changed">
          This ticket changed since it was loaded (now {STATUS_LABEL[live.status].toLowerCase()}, version{' '}
          {live.version}).{' '}
          <button type="button" class="link" onClick={() => void load()}>
            Show the current state
          </button>
        </div>
      )}
      {error !== null && <ProblemMessage error={error} />}
      {!noc && (
        <p class="plain">
          {plainForecast(ticket.failureMode, ticket.device, ticket.predictedBreachAt, now)}{' '}
          {plainStatus(ticket.status, ticket.assignee)}
        </p>
      )}
      <dl class="summary">
        <dt>Severity</dt>
        <dd>
          <span class={`badge sev-${ticket.severity}`}>{SEVERITY_LABEL[ticket.severity]}</span>
        </dd>
        <dt>Status</dt>
        <dd data-testid="ticket-status">{STATUS_LABEL[ticket.status]}</dd>
        {ticket.resolution && (
          <>
            <dt>Resolution</dt>
            <dd>{RESOLUTION_LABEL[ticket.resolution]}</dd>
          </>
        )}
        {ticket.deviceSilentSince && (
          <>
            <dt>Device silent</dt>
            <dd>no data since {dateTime(ticket.deviceSilentSince)}: outage suspected</dd>
          </>
        )}
        <dt>Predicted breach</dt>
        <dd>
          {ticket.predictedBreachAt
            ? `${dateTime(ticket.predictedBreachAt)} (${fromNow(Date.parse(ticket.predictedBreachAt), now)})`
            : 'none predicted'}
        </dd>
        <dt>Tenant / device</dt>
        <dd>
          {ticket.tenant} / {ticket.device}
        </dd>
        <dt>Opened</dt>
        <dd>{dateTime(ticket.openedAt)}</dd>
        <dt>Assignee</dt>
        <dd>{ticket.assignee ?? 'unassigned'}</dd>
        <dt>Version</dt>
        <dd>{ticket.version}</dd>
        {ticket.recommendedAction && (
          <>
            <dt>Recommended action</dt>
            <dd>{ticket.recommendedAction}</dd>
          </>
        )}
      </dl>
      {noc && <TicketActions ticket={ticket} onChanged={setTicket} onConflict={load} />}
      <section aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">Evidence</h2>
        {ticket.evidence.map((entry) => (
          <EvidenceChart key={entry.metric} tenant={ticket.tenant} device={ticket.device} entry={entry} />
        ))}
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit trail</h2>
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">Comment</th>
            </tr>
          </thead>
          <tbody>
            {ticket.audit.map((entry) => (
              <tr key={entry.seq}>
                <td>{dateTime(entry.at)}</td>
                <td>
                  {entry.action.replace(/_/g, ' ')}
                  {entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus
                    ? ` (${entry.fromStatus} → ${entry.toStatus})`
                    : ''}
                  {entry.action === 'assigned' ? ` → ${entry.assignee ?? 'nobody'}` : ''}
                </td>
                <td>{entry.actor}</td>
                <td>{entry.comment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
