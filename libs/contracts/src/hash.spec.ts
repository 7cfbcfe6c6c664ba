import { detectionEventId } from './events';
import { fnv1a32 } from './hash';
import { partitionOf } from './partitions';

describe('fnv1a32', () => {
  it('is the 32-bit FNV-1a of the reference vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('keeps partitions and event ids as they were (checkpoints and applied ids stay valid)', () => {
    expect(partitionOf('acme', 'rtr-01', 16)).toBe(8);
    expect(partitionOf('acme', 'dev-7', 64)).toBe(43);
    expect(detectionEventId('anomaly', 'acme', 'rtr-01', 'temperature', 1767225600000)).toBe(
      '2cfcddce1c104f38',
    );
  });
});
