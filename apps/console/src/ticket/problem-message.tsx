import { ApiError } from '../api/client';

/** Something the user must fix before anything is sent. */
export class InputError extends Error {}

/** An API failure, said plainly; a 409 says that the fresh state is now shown. */
export function ProblemMessage({ error }: { error: unknown }) {
  if (error instanceof InputError)
    return (
      <div role="alert" class="error">
        {error.message}
      </div>
    );
  if (error instanceof ApiError && error.status === 409)
    return (
      <div role="alert" class="error conflict">
        <strong>Conflict: this ticket changed since you loaded it.</strong> Your action was not applied. The
        current state is shown now; check it and try again if it still makes sense.
        <span class="detail"> ({error.message})</span>
      </div>
    );
  if (error instanceof ApiError)
    return (
      <div role="alert" class="error">
        <strong>
          The server refused this ({error.status}
          {error.problem ? ` ${error.problem.title}` : ''}).
        </strong>{' '}
        {error.message}
      </div>
    );
  return (
    <div role="alert" class="error">
      <strong>The request failed.</strong> {error instanceof Error ? error.message : String(error)}
    </div>
  );
}
