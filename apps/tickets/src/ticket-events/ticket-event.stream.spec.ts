import { EventEmitter } from 'node:events';

import type { Response } from 'express';

import { formatSse, TicketEventStream } from './ticket-event.stream';
import { type TicketEventDto, toLastEventId } from './ticket-events.dto';

/** The part of an express Response the stream uses, recording what was written. */
class FakeResponse extends EventEmitter {
  status = 0;
  headers: Record<string, string> = {};
  written = '';
  ended = false;
  destroyed = false;
  writableLength = 0;
  writableNeedDrain = false;

  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
    return this;
  }
  write(chunk: string) {
    this.written += chunk;
    return true;
  }
  end() {
    this.ended = true;
    this.emit('close');
  }
  destroy() {
    this.destroyed = true;
    setImmediate(() => this.emit('close'));
  }
}

const event: TicketEventDto = {
  id: 42,
  type: 'TicketAssigned',
  at: '2026-01-05T00:00:00.000Z',
  actor: 'alice (key k1)',
  comment: 'line one\nline two',
  details: null,
  ticket: {
    id: '6a5ae187-5601-4086-95c7-fb1ef4e5e9fa',
    tenant: 'acme',
    device: 'rtr-01',
    failureMode: 'overheating',
    severity: 'major',
    status: 'open',
    assignee: 'alice',
    version: 2,
    updatedAt: '2026-01-05T00:00:00.000Z',
    predictedBreachAt: null,
    resolution: null,
    deviceSilentSince: null,
  },
};

describe('the text/event-stream of GET /api/v1/events', () => {
  afterEach(() => jest.useRealTimers());

  it('formats a message as id, event and one data line of JSON (line breaks escaped)', () => {
    const text = formatSse({ id: event.id, event: event.type, data: event });
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['id: 42', 'event: TicketAssigned']);
    expect(lines[2].startsWith('data: ')).toBe(true);
    expect(JSON.parse(lines[2].slice('data: '.length))).toEqual(event);
    expect(lines.slice(3)).toEqual(['', '']);
  });

  it('starts with the headers and retry, sends a heartbeat every 15 s, stops at the close', () => {
    jest.useFakeTimers();
    const res = new FakeResponse();
    const stream = new TicketEventStream(res as unknown as Response);
    const closed = jest.fn();
    stream.onClose(closed);
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['Cache-Control']).toContain('no-cache');
    stream.position(41);
    stream.send(event);
    stream.reset({ id: 50, reason: 'expired', lastEventId: 3, detail: 'reload' });
    jest.advanceTimersByTime(30_000);
    expect(res.written).toBe(
      'retry: 2000\n\nid: 41\n\n' +
        formatSse({ id: 42, event: 'TicketAssigned', data: event }) +
        formatSse({
          id: 50,
          event: 'reset',
          data: { id: 50, reason: 'expired', lastEventId: 3, detail: 'reload' },
        }) +
        ': heartbeat\n\n: heartbeat\n\n',
    );
    res.emit('close'); // the client went away
    expect(closed).toHaveBeenCalledTimes(1);
    expect(stream.isClosed).toBe(true);
    const before = res.written;
    stream.send(event);
    jest.advanceTimersByTime(60_000);
    expect(res.written).toBe(before);
  });

  it('drops a client that does not keep up instead of buffering without bound', () => {
    const res = new FakeResponse();
    const stream = new TicketEventStream(res as unknown as Response, {
      retryMs: 2000,
      heartbeatMs: 15_000,
      maxBufferedBytes: 1000,
    });
    res.writableLength = 5000;
    stream.send(event);
    expect(res.destroyed).toBe(true);
    expect(stream.isClosed).toBe(true);
  });

  it('resumes from the Last-Event-ID header, else ?lastEventId; anything else is a 400 naming it', () => {
    expect(toLastEventId({}, undefined)).toBeNull();
    expect(toLastEventId({}, '')).toBeNull();
    expect(toLastEventId({ lastEventId: '7' }, undefined)).toBe(7);
    expect(toLastEventId({ lastEventId: '7' }, '12')).toBe(12);
    const problem = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as { parameter?: string }).parameter;
      }
      return 'no error';
    };
    expect(problem(() => toLastEventId({}, 'abc'))).toBe('Last-Event-ID');
    expect(problem(() => toLastEventId({}, ['1', '2']))).toBe('Last-Event-ID');
    expect(problem(() => toLastEventId({ lastEventId: '-1' }, undefined))).toBe('lastEventId');
    expect(problem(() => toLastEventId({ lastEventId: ['1', '2'] }, undefined))).toBe('lastEventId');
    expect(problem(() => toLastEventId({ tenant: 'acme' }, undefined))).toBe('tenant');
  });
});
