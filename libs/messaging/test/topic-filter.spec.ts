import { matchesFilter } from '@preempt/messaging';

describe('matchesFilter', () => {
  it.each([
    ['telemetry/+/+', 'telemetry/acme/rtr-01', true],
    ['telemetry/+/+', 'telemetry/acme', false],
    ['telemetry/+/+', 'telemetry/acme/rtr-01/x', false],
    ['telemetry/#', 'telemetry', true],
    ['telemetry/#', 'telemetry/acme/rtr-01', true],
    ['#', 'anything/at/all', true],
    ['+/+', '/x', true],
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['#', '$SYS/broker/uptime', false],
    ['+/broker/uptime', '$SYS/broker/uptime', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
  ])('%s against %s: %s', (filter, topic, expected) => {
    expect(matchesFilter(filter, topic)).toBe(expected);
  });
});
