import { buildDeadLetter, DEAD_LETTER_PAYLOAD_MAX_BYTES } from './dead-letter';
import { parseTelemetryMessage } from './parse-telemetry';

const NOW = Date.UTC(2026, 0, 5, 10);
const TOPIC = 'telemetry/acme/rtr-01';
const REJECTION = { reason: 'no_metrics', detail: 'metrics: is empty' } as const;
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('buildDeadLetter', () => {
  it('carries the rejection, topic, RFC 3339 reception time and the payload', () => {
    expect(buildDeadLetter(TOPIC, utf8('{"metrics":{}}'), NOW, REJECTION)).toEqual({
      reason: 'no_metrics',
      detail: 'metrics: is empty',
      topic: TOPIC,
      receivedAt: '2026-01-05T10:00:00.000Z',
      payloadBytes: 14,
      truncated: false,
      payload: '{"metrics":{}}',
    });
  });

  it('keeps a payload of exactly 4096 bytes whole', () => {
    const letter = buildDeadLetter(TOPIC, utf8('x'.repeat(4096)), NOW, REJECTION);
    expect([letter.truncated, letter.payloadBytes, letter.payload.length]).toEqual([false, 4096, 4096]);
  });

  it('truncates to the first 4096 bytes and reports the full size', () => {
    const letter = buildDeadLetter(TOPIC, utf8('x'.repeat(10_000)), NOW, REJECTION);
    expect([letter.truncated, letter.payloadBytes, letter.payload]).toEqual([true, 10_000, 'x'.repeat(4096)]);
    expect(DEAD_LETTER_PAYLOAD_MAX_BYTES).toBe(4096);
  });

  it.each([
    ['2-byte', 'é', 1],
    ['3-byte', '€', 2],
    ['4-byte', '🚀', 1],
  ])('does not split a %s character at the cut', (_kind, char, offset) => {
    // offset ASCII bytes, then multi-byte characters straddling byte 4096.
    const text = 'a'.repeat(offset) + char.repeat(3000);
    const letter = buildDeadLetter(TOPIC, utf8(text), NOW, REJECTION);
    expect(letter.truncated).toBe(true);
    expect(letter.payload).not.toContain('\ufffd');
    expect(utf8(letter.payload).length).toBeLessThanOrEqual(4096);
    expect(utf8(letter.payload).length).toBeGreaterThan(4096 - 4);
    expect(text.startsWith(letter.payload)).toBe(true);
  });

  it('decodes invalid UTF-8 lossily', () => {
    const letter = buildDeadLetter(TOPIC, new Uint8Array([0x61, 0xff, 0x62]), NOW, REJECTION);
    expect(letter.payload).toBe('a\ufffdb');
  });

  it('never throws on an impossible reception time', () => {
    expect(buildDeadLetter(TOPIC, utf8(''), NaN, REJECTION).receivedAt).toBe('NaN ms');
  });

  it('fits the result of a rejected parse', () => {
    const payload = utf8('cpu load');
    const result = parseTelemetryMessage(TOPIC, payload, NOW);
    if (result.ok) throw new Error('expected a rejection');
    expect(buildDeadLetter(TOPIC, payload, NOW, result)).toMatchObject({
      reason: 'malformed_line_protocol',
      detail: 'line 1: field "load" has no "=value"',
    });
  });
});
