import { DAY, degradingDevice, healthyDevice, HOUR, SimulatedDevice } from './device-simulator';
import { deviceSeed } from './random';

/** How long after the end of a replay a degrading device's temperature reaches 85 °C (roughly). */
export const BREACH_AFTER_REPLAY_MS = 2 * HOUR;

/**
 * The simulated fleet: `degrading` devices named `hot-01`, ... drifting towards 85 °C, then healthy
 * `dev-001`, ... Each device has its own seed derived from `seed`.
 *
 * The drift takes 24 h. With a replay (`replayStart < liveStart`) it is placed so that the breach comes
 * about 2 h after the replay catches up with now (the ticket appears during the replay, ahead of the
 * breach); live only, it starts at once.
 * @example buildFleet({ devices: 10, degrading: 1, seed: 1, replayStart, liveStart }).map((d) => d.id)
 */
export function buildFleet(o: {
  devices: number;
  degrading: number;
  seed: number;
  replayStart: number;
  liveStart: number;
}): SimulatedDevice[] {
  const driftStart =
    o.replayStart < o.liveStart
      ? Math.max(o.replayStart, o.liveStart + BREACH_AFTER_REPLAY_MS - DAY)
      : o.liveStart;
  const fleet: SimulatedDevice[] = [];
  for (let i = 0; i < o.devices; i++) {
    const seed = deviceSeed(o.seed, i);
    fleet.push(
      i < o.degrading
        ? degradingDevice(`hot-${pad(i + 1, 2)}`, seed, driftStart)
        : healthyDevice(`dev-${pad(i + 1 - o.degrading, 3)}`, i, seed),
    );
  }
  return fleet;
}

/**
 * Event time at wall-clock `wall`: during a replay it runs `speed` times faster from `replayStart`,
 * never ahead of the wall clock; afterwards it is the wall clock.
 * @example eventClock(start + 1000, { replayStart: start - 7 * DAY, wallStart: start, speed: 1000 }) // start - 7 d + 1000 s
 */
export function eventClock(
  wall: number,
  o: { replayStart: number; wallStart: number; speed: number },
): number {
  return Math.min(wall, o.replayStart + o.speed * (wall - o.wallStart));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
