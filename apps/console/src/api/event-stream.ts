import type { TicketEventDto, TicketEventsReset } from './api-types.generated';
import { SseParser } from './sse-parser';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface EventStreamHandlers {
  event(event: TicketEventDto): void;
  /** the server no longer has our position: reload the state, the stream goes on from here */
  reset(reset: TicketEventsReset): void;
  state(state: StreamState): void;
  /** the key was refused (revoked meanwhile): the stream stops for good */
  unauthorized(): void;
}

class Unauthorized extends Error {}

const RETRY_MS = [1000, 2000, 5000, 10_000];

/**
 * GET /api/v1/events with the bearer key. EventSource cannot send an Authorization header, and a key in
 * the URL would end up in logs and history, so the stream is read with fetch and parsed here; a lost
 * connection resumes after the last event id seen (Last-Event-ID), as EventSource would. Returns `stop`.
 */
export function openEventStream(
  authorization: Record<string, string>,
  handlers: EventStreamHandlers,
  base = '',
): () => void {
  const controller = new AbortController();
  let lastEventId: string | null = null;
  let failures = 0;

  const connect = async (): Promise<void> => {
    const headers: Record<string, string> = { ...authorization, accept: 'text/event-stream' };
    if (lastEventId !== null) headers['last-event-id'] = lastEventId;
    const response = await fetch(`${base}/api/v1/events`, {
      headers,
      signal: controller.signal,
      cache: 'no-store',
    });
    if (response.status === 401) throw new Unauthorized();
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
    failures = 0;
    handlers.state('live');
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const message of parser.feed(value)) {
        if (message.id !== null) lastEventId = message.id;
        if (message.event === 'reset') handlers.reset(JSON.parse(message.data) as TicketEventsReset);
        else handlers.event(JSON.parse(message.data) as TicketEventDto);
      }
    }
  };

  void (async () => {
    handlers.state('connecting');
    while (!controller.signal.aborted) {
      try {
        await connect();
      } catch (error) {
        if (error instanceof Unauthorized) {
          handlers.unauthorized();
          break;
        }
        // network error, server restart or 5xx: retry below, unless stopped
      }
      if (controller.signal.aborted) break;
      handlers.state('reconnecting');
      const wait = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)];
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    handlers.state('stopped');
  })();
  return () => controller.abort();
}
