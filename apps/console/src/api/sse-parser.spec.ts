import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('dispatches a message on a blank line, with its id and event type', () => {
    const parser = new SseParser();
    expect(parser.feed('id: 7\nevent: TicketOpened\ndata: {"a":1}\n\n')).toEqual([
      { id: '7', event: 'TicketOpened', data: '{"a":1}' },
    ]);
  });

  it('joins a message split across chunks anywhere, CRLF included', () => {
    const parser = new SseParser();
    const text = 'id: 8\r\nevent: TicketAcknowledged\r\ndata: {"b":2}\r\n\r\n';
    const messages = [...text].flatMap((char) => parser.feed(char));
    expect(messages).toEqual([{ id: '8', event: 'TicketAcknowledged', data: '{"b":2}' }]);
  });

  it('skips comments (heartbeats) and keeps the last id for messages without one', () => {
    const parser = new SseParser();
    expect(parser.feed(': heartbeat\n\nid: 3\ndata: x\n\ndata: y\n\n')).toEqual([
      { id: '3', event: 'message', data: 'x' },
      { id: '3', event: 'message', data: 'y' },
    ]);
  });

  it('joins several data lines with a newline and dispatches nothing without data', () => {
    const parser = new SseParser();
    expect(parser.feed('event: reset\n\ndata: one\ndata: two\n\n')).toEqual([
      { id: null, event: 'message', data: 'one\ntwo' },
    ]);
  });
});
