import type { CorrelationConfig } from './correlation.config';
import type { Observation, TicketChange, TicketState } from './correlation.types';
import { maxScore, mergeCandidates, predictedBreachOf, ticketRecoveredAt } from './evidence';
import { describePersistence, type Persistence } from './hysteresis';
import { severityOf } from './severity';

// One ticket per incident: an auto-resolved ticket whose failure mode is persistent again within
// `reopenWindowMs` (event time, from its last evidence) reopens instead of a second one opening.

/** The newest auto-resolved ticket of the persistent failure mode whose evidence ended within the window. */
export function reopenTarget(
  reopenable: readonly TicketState[],
  persistence: Persistence,
  at: number,
  config: CorrelationConfig,
): TicketState | undefined {
  return reopenable
    .filter(
      (t) =>
        t.status === 'resolved' &&
        t.resolution === 'auto' &&
        t.failureMode === persistence.failureMode &&
        at - t.lastEvidenceAt <= config.reopenWindowMs,
    )
    .sort((a, b) => b.lastEvidenceAt - a.lastEvidenceAt)[0];
}

/** Reopens an auto-resolved ticket with the new persistent evidence (its first detection time stays). */
export function reopen(
  ticket: TicketState,
  persistence: Persistence,
  candidates: readonly Observation[],
  at: number,
  config: CorrelationConfig,
): TicketChange {
  const evidence = mergeCandidates(ticket.evidence, candidates, config);
  const lastEvidenceAt = Math.max(ticket.lastEvidenceAt, ...candidates.map((c) => c.at));
  const predictedBreach = predictedBreachOf(evidence);
  const pause = Math.round((at - ticket.lastEvidenceAt) / 60_000);
  const why = describePersistence(persistence);
  return {
    kind: 'reopened',
    ticket: {
      ...ticket,
      status: 'open',
      resolution: null,
      resolvedAt: null,
      evidence,
      lastEvidenceAt,
      recoveredAt: ticketRecoveredAt(evidence),
      predictedBreach,
      severity: severityOf(predictedBreach, lastEvidenceAt, maxScore(evidence), config),
      occurrenceCount: ticket.occurrenceCount + candidates.length,
    },
    notes: [
      {
        action: 'reopened',
        comment: `${why}, ${pause} min of event time after its last evidence (auto-resolved meanwhile)`,
        fromStatus: 'resolved',
        toStatus: 'open',
      },
    ],
  };
}
