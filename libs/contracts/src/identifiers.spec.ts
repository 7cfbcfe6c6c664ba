import { checkId, checkMetricName, checkTag, describeType, quote } from './identifiers';

describe('checkId', () => {
  it.each(['a', 'A1', '0', 'rtr-01', 'acme_corp', 'edge.par1', 'x'.repeat(64)])('accepts %j', (id) => {
    expect(checkId('device', id)).toBeNull();
  });

  it.each([
    ['', 'device id is empty'],
    ['x'.repeat(65), 'is 65 characters long, max 64'],
    ['-a', 'character "-" at position 0 is not allowed'],
    ['_a', 'character "_" at position 0 is not allowed'],
    ['a b', 'character " " at position 1 is not allowed'],
    ['a/b', 'character "/" at position 1 is not allowed'],
    ['a+', 'character "+" at position 1 is not allowed'],
    ['a#', 'character "#" at position 1 is not allowed'],
    ['é', 'character "é" at position 0 is not allowed'],
  ])('rejects %j with a precise reason', (id, reason) => {
    expect(checkId('device', id)).toContain(reason);
  });

  it('names the kind of id', () => {
    expect(checkId('tenant', 'a b')).toMatch(/^tenant id "a b"/);
  });
});

describe('checkMetricName', () => {
  it.each(['temp', '_x', 'if.eth0.rx_bytes', 'cpu:load-1m', 'A'.repeat(128)])('accepts %j', (name) => {
    expect(checkMetricName(name)).toBeNull();
  });

  it.each([
    ['', 'metric name is empty'],
    ['1abc', 'character "1" at position 0'],
    ['-abc', 'character "-" at position 0'],
    ['cpu usage', 'character " " at position 3'],
    ['a/b', 'character "/" at position 1'],
    ['a'.repeat(129), '129 characters long, max 128'],
  ])('rejects %j', (name, reason) => {
    expect(checkMetricName(name)).toContain(reason);
  });
});

describe('checkTag', () => {
  it.each([
    ['site', 'par1'],
    ['_k', 'Paris 2 (rack "B")'],
    ['role.v2-x', 'é ✓ 🚀'],
    ['k', 'x'.repeat(128)],
    ['k', '🚀'.repeat(128)], // 128 code points, 256 UTF-16 units
  ])('accepts %j=%j', (key, value) => {
    expect(checkTag(key, value)).toBeNull();
  });

  it.each([
    ['', 'v', 'tag key is empty'],
    ['1k', 'v', 'tag key "1k": character "1" at position 0'],
    ['a:b', 'v', 'character ":" at position 1'],
    ['k'.repeat(65), 'v', '65 characters long, max 64'],
    ['tenant', 'v', 'tag key "tenant" is reserved'],
    ['device', 'v', 'reserved'],
    ['metric', 'v', 'reserved'],
    ['time', 'v', 'reserved'],
    ['value', 'v', 'reserved'],
    ['_field', 'v', 'reserved'],
    ['__proto__', 'v', 'reserved'],
    ['k', 1, 'tag k: value is a number, expected a string'],
    ['k', null, 'value is null, expected a string'],
    ['k', ['a'], 'value is an array'],
    ['k', '', 'tag k: value is empty'],
    ['k', 'x'.repeat(129), 'value is 129 characters long, max 128'],
    ['k', 'a\nb', 'control character U+000A at position 1'],
    ['k', 'a\tb', 'control character U+0009'],
    ['k', 'a\u007f', 'control character U+007F'],
    ['k', 'a\u0085', 'control character U+0085'],
    ['k', 'a\ud800', 'U+D800'],
  ])('rejects %j=%j', (key, value, reason) => {
    expect(checkTag(key, value)).toContain(reason);
  });
});

describe('detail helpers', () => {
  it('describes JSON types', () => {
    expect([null, [], {}, 'a', 1, true, undefined].map(describeType)).toEqual([
      'null',
      'an array',
      'an object',
      'a string',
      'a number',
      'a boolean',
      'undefined',
    ]);
  });

  it('quotes and cuts long user text', () => {
    expect(quote('a"b')).toBe('"a\\"b"');
    expect(quote('x'.repeat(100))).toBe(`"${'x'.repeat(64)}…"`);
  });
});

describe('tag values and backslashes', () => {
  it('rejects a backslash, which InfluxDB cannot store in a tag value unchanged', () => {
    expect(checkTag('site', 'a\\b')).toBe('tag site: value contains a backslash at position 1 (not allowed)');
    expect(checkTag('site', 'ends\\')).toContain('backslash');
  });
});
