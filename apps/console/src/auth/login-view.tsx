import { useState } from 'preact/hooks';

import { ApiError } from '../api/client';
import { endedBecause, login } from '../store';

/** The key is checked against the API before it is kept (for this tab's session only). */
export function LoginView() {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(endedBecause.value);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(key.trim());
      location.hash = '#/';
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'This API key is unknown or revoked.'
          : failure instanceof ApiError
            ? failure.message
            : 'The server cannot be reached.',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <h1>Preempt console</h1>
      <p>
        Log in with an API key (admin, NOC or customer). It is kept in this browser tab only, until you close
        it.
      </p>
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
          aria-describedby={error ? 'login-error' : undefined}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Log in'}
        </button>
      </form>
      {error && (
        <p id="login-error" role="alert" class="error">
          {error}
        </p>
      )}
      <p class="hint">
        The platform prints a login link with its first admin key when it starts on an empty database. Keys
        are made with <code>npm run cli -- keys create</code>.
      </p>
    </main>
  );
}
