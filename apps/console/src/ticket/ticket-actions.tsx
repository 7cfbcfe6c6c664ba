import { useEffect, useState } from 'preact/hooks';

import type { TicketDetailResponseDto } from '../api/api-types.generated';
import { type ActionBody, ApiError } from '../api/client';
import { api } from '../store';
import { InputError, ProblemMessage } from './problem-message';

type Action = 'acknowledge' | 'resolve' | 'false-positive' | 'comment' | 'assign' | 'retire';

const DONE: Record<Action, string> = {
  acknowledge: 'Acknowledged.',
  resolve: 'Resolved.',
  'false-positive': 'Resolved as a false positive.',
  comment: 'Comment added.',
  assign: 'Assignment saved.',
  retire: 'Device retired: its open tickets are resolved, nothing opens for it and the detectors forget it.',
};

/**
 * The NOC's actions on a ticket, each sent with the version shown (If-Match): when someone else changed
 * the ticket meanwhile, the server answers 409, the conflict is said and the fresh ticket is loaded.
 */
export function TicketActions({
  ticket,
  onChanged,
  onConflict,
}: {
  ticket: TicketDetailResponseDto;
  onChanged: (fresh: TicketDetailResponseDto) => void;
  onConflict: () => Promise<void>;
}) {
  const [comment, setComment] = useState('');
  const [assignee, setAssignee] = useState(ticket.assignee ?? '');
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  // a fresh ticket (after an action or a conflict) shows its own assignee; the comment typed is kept, and
  // so is the conflict message, so nothing the user wrote or needs to read disappears with the reload
  useEffect(() => setAssignee(ticket.assignee ?? ''), [ticket.assignee]);

  const run = async (action: Action) => {
    setBusy(action);
    setError(null);
    setDone(null);
    const text = comment.trim();
    const body: ActionBody = text ? { comment: text } : {};
    if (action === 'false-positive' && !text) {
      setError(new InputError('Say in the comment why this ticket was wrong: the detector learns from it.'));
      setBusy(null);
      document.getElementById('action-comment')?.focus();
      return;
    }
    if (action === 'retire' && !text) {
      setError(
        new InputError('Say in the comment why the device is retired (decommissioned, replaced by…).'),
      );
      setBusy(null);
      document.getElementById('action-comment')?.focus();
      return;
    }
    try {
      const client = api();
      const fresh =
        action === 'acknowledge'
          ? await client.acknowledge(ticket.id, ticket.version, body)
          : action === 'resolve'
            ? await client.resolve(ticket.id, ticket.version, body)
            : action === 'false-positive'
              ? await client.resolve(ticket.id, ticket.version, { ...body, falsePositive: true })
              : action === 'comment'
                ? await client.comment(ticket.id, text)
                : action === 'retire'
                  ? await client
                      .retireDevice(ticket.tenant, ticket.device, text)
                      .then(() => client.ticket(ticket.id))
                  : await client.assign(ticket.id, ticket.version, assignee.trim() || null);
      if (action !== 'assign') setComment('');
      setDone(DONE[action]);
      onChanged(fresh);
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.status === 409) await onConflict();
    } finally {
      setBusy(null);
    }
  };

  const resolved = ticket.status === 'resolved';
  return (
    <section class="actions-panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      {error !== null && <ProblemMessage error={error} />}
      {done && (
        <p role="status" class="notice">
          {done}
        </p>
      )}
      <div class="field">
        <label for="action-comment">
          Comment (optional to acknowledge or resolve; required for a false positive)
        </label>
        <textarea
          id="action-comment"
          rows={3}
          maxLength={2000}
          value={comment}
          onInput={(event) => setComment(event.currentTarget.value)}
        />
      </div>
      <div class="buttons">
        {ticket.status === 'open' && (
          <button type="button" disabled={busy !== null} onClick={() => void run('acknowledge')}>
            Acknowledge
          </button>
        )}
        {!resolved && (
          <>
            <button type="button" disabled={busy !== null} onClick={() => void run('resolve')}>
              Resolve
            </button>
            <button
              type="button"
              class="secondary"
              disabled={busy !== null}
              onClick={() => void run('false-positive')}
            >
              Resolve as false positive
            </button>
          </>
        )}
        <button
          type="button"
          class="secondary"
          disabled={busy !== null || comment.trim() === ''}
          onClick={() => void run('comment')}
        >
          Add comment
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy !== null}
          aria-describedby="retire-help"
          onClick={() => {
            // without a comment run() says one is needed; with one, the NOC confirms first
            const confirmed =
              comment.trim() === '' ||
              window.confirm(
                `Retire ${ticket.device}? Its open tickets resolve and it is no longer watched.`,
              );
            if (confirmed) void run('retire');
          }}
        >
          Retire device
        </button>
      </div>
      <p id="retire-help" class="hint">
        Retire device: it was decommissioned or replaced. Its open tickets resolve, nothing opens for it, and
        the detectors stop watching it (undo on the Fleet page).
      </p>
      {!resolved && (
        <form
          class="assign"
          onSubmit={(event) => {
            event.preventDefault();
            void run('assign');
          }}
        >
          <label for="action-assignee">Assignee</label>
          <input
            id="action-assignee"
            type="text"
            maxLength={100}
            autocomplete="off"
            value={assignee}
            onInput={(event) => setAssignee(event.currentTarget.value)}
            aria-describedby="assignee-help"
          />
          <button type="submit" class="secondary" disabled={busy !== null}>
            Save assignee
          </button>
          <span id="assignee-help" class="hint">
            Empty: unassign
          </span>
        </form>
      )}
    </section>
  );
}
