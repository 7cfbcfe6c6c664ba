import { expectEventually } from '../../../tests/harness/expect-eventually';

/** One dispatched message of a text/event-stream (a block without data only moves `lastId`). */
export interface SseMessage {
  id: number;
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export interface SseClient {
  status: number;
  contentType: string;
  messages: SseMessage[];
  /** the latest `id:` the server sent, as EventSource keeps it (also from blocks without data) */
  lastId: number | null;
  retry: number | null;
  comments: string[];
  /** waits until `predicate` holds for the messages received so far */
  waitFor(predicate: (messages: SseMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  /** disconnects, as a client going away does */
  close(): Promise<void>;
}

/**
 * A minimal EventSource on fetch (which can send the Authorization header): parses `id:`, `event:`,
 * `data:`, `retry:` and comment lines of a GET stream until closed.
 */
export async function openSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const client: SseClient = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    messages: [],
    lastId: null,
    retry: null,
    comments: [],
    waitFor: (predicate, timeoutMs = 20_000) =>
      expectEventually(
        () => {
          if (!predicate(client.messages)) throw new Error(`not yet (${client.messages.length} messages)`);
        },
        { timeoutMs, intervalMs: 20 },
      ),
    close: async () => {
      abort.abort();
      await reading.catch(() => undefined);
    },
  };
  const reading = response.ok && response.body ? read(response.body, client) : Promise.resolve();
  return client;
}

async function read(body: ReadableStream<Uint8Array>, client: SseClient): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      parseBlock(buffer.slice(0, end), client);
      buffer = buffer.slice(end + 2);
    }
  }
}

function parseBlock(block: string, client: SseClient): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      client.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') client.lastId = Number(value);
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry') client.retry = Number(value);
  }
  if (data.length === 0) return;
  client.messages.push({ id: client.lastId!, event, data: JSON.parse(data.join('\n')) });
}
