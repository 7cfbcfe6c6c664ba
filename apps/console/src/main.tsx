import './styles.css';

import { render } from 'preact';

import { ApiError } from './api/client';
import { App } from './app';
import { keyFromFragment, storedKey } from './auth/key-storage';
import { parseRoute, route } from './router';
import { endedBecause, login } from './store';

/**
 * Start: a `#key=…` link logs in directly (and the key leaves the address bar and the history at once);
 * else the key kept for this tab's session, if any; else the login form.
 */
async function start(): Promise<void> {
  const fromLink = keyFromFragment(location.hash);
  if (fromLink) {
    // replaceState fires no hashchange: the route is set here
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
    route.value = parseRoute(location.hash);
  }
  const key = fromLink ?? storedKey(sessionStorage);
  const root = document.getElementById('app')!;
  root.textContent = '';
  if (key) {
    try {
      await login(key);
    } catch (failure) {
      // an unknown or revoked key, or no server: the login form says so
      endedBecause.value =
        failure instanceof ApiError && failure.status === 401
          ? 'That API key is unknown or revoked. Log in with another one.'
          : 'The server cannot be reached; log in again once it is back.';
    }
  }
  render(<App />, root);
}

void start();
