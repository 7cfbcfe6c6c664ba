import { detectionEventId } from './events';
import { ownedPartitions, partitionOf } from './partitions';

describe('partitions', () => {
  it('maps a device to one stable partition, spreading devices over all of them', () => {
    expect(partitionOf('acme', 'rtr-01', 16)).toBe(partitionOf('acme', 'rtr-01', 16));
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 1600; i++) counts[partitionOf('acme', `dev-${i}`, 16)]++;
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(150);
  });

  it('gives every partition to exactly one of N detectors', () => {
    const all = [0, 1, 2].flatMap((i) => ownedPartitions(i, 3, 16)).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 16 }, (_, p) => p));
    expect(ownedPartitions(0, 1, 4)).toEqual([0, 1, 2, 3]);
  });
});

describe('detectionEventId', () => {
  it('is deterministic and distinguishes the identity fields', () => {
    const id = detectionEventId('anomaly', 'acme', 'r1', 'temperature', 1000);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(detectionEventId('anomaly', 'acme', 'r1', 'temperature', 1000)).toBe(id);
    expect(detectionEventId('forecast', 'acme', 'r1', 'temperature', 1000)).not.toBe(id);
    expect(detectionEventId('anomaly', 'acme', 'r1', 'temperature', 1001)).not.toBe(id);
  });
});
