import { InvalidRequestError } from './domain.error';
import { parseInstant, singleParam } from './query-params';

describe('query parameters', () => {
  it('reads an instant as RFC 3339 with a zone or epoch ms; absent or empty is undefined', () => {
    expect(parseInstant('2026-11-23T10:00:00Z', 'from')).toBe(Date.UTC(2026, 10, 23, 10));
    expect(parseInstant('2026-11-23T11:00:00+01:00', 'from')).toBe(Date.UTC(2026, 10, 23, 10));
    expect(parseInstant('1795428000000', 'to')).toBe(1_795_428_000_000);
    expect(parseInstant(undefined, 'to')).toBeUndefined();
    expect(parseInstant('', 'to')).toBeUndefined();
  });

  it('names the parameter of a time without a zone or a repeated parameter', () => {
    expect(() => parseInstant('2026-11-23T10:00:00', 'from')).toThrow(
      new InvalidRequestError(
        '"from" must be an RFC 3339 time with a zone (e.g. 2026-11-23T10:00:00Z) or epoch milliseconds, got "2026-11-23T10:00:00"',
        'from',
      ),
    );
    expect(() => singleParam(['a', 'b'], 'tenant')).toThrow(/"tenant" must be given once/);
    expect(singleParam('a', 'tenant')).toBe('a');
  });
});
