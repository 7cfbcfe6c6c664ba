import { computed, signal } from '@preact/signals';

import type { SessionResponseDto, TicketEventDto } from './api/api-types.generated';
import { Api } from './api/client';
import { openEventStream, type StreamState } from './api/event-stream';
import { forgetKey, storeKey } from './auth/key-storage';
import { applyEvent, type QueueRow } from './queue/queue-model';

/** The logged-in key's client and who it is; null before login. */
export const session = signal<{ api: Api; who: SessionResponseDto } | null>(null);
export const streamState = signal<StreamState>('stopped');
/** Every ticket row known to this tab, by id: the list answers and the live events, newest version kept. */
export const rows = signal<Map<string, QueueRow>>(new Map());
/** Bumped when the stream says our position is gone: the views reload what they show. */
export const reloadToken = signal(0);
/** The latest live event, for the polite announcement of what changed. */
export const lastEvent = signal<TicketEventDto | null>(null);

/** Why the last session ended without the user asking (a key revoked meanwhile), for the login form. */
export const endedBecause = signal<string | null>(null);

export const isNoc = computed(() => session.value !== null && session.value.who.role !== 'customer');

let stopStream: (() => void) | null = null;

/** Checks the key with the API (GET /api/v1/session), keeps it for the tab's session, starts the live stream. */
export async function login(key: string): Promise<void> {
  const api = new Api(key);
  const who = await api.session();
  storeKey(sessionStorage, key);
  endedBecause.value = null;
  session.value = { api, who };
  stopStream?.();
  stopStream = openEventStream(api.authorization(), {
    event(event) {
      rows.value = applyEvent(rows.value, event);
      lastEvent.value = event;
    },
    reset() {
      reloadToken.value++;
    },
    state(state) {
      streamState.value = state;
    },
    unauthorized() {
      logout();
      endedBecause.value = 'Your API key is no longer accepted (revoked?). Log in with another one.';
    },
  });
}

export function logout(): void {
  stopStream?.();
  stopStream = null;
  forgetKey(sessionStorage);
  session.value = null;
  rows.value = new Map();
  streamState.value = 'stopped';
}

/** The client of the logged-in key (views only render when logged in). */
export function api(): Api {
  if (!session.value) throw new Error('not logged in');
  return session.value.api;
}
