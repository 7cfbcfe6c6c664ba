import { setTimeout as sleep } from 'node:timers/promises';

import type { MqttClient } from 'mqtt';

import type { FleetMessage } from './fleet-stream';

/** Progress of a paced publication. */
export interface PublishProgress {
  sent: number;
  acked: number;
  /** event time of the latest message started */
  eventTime: number;
}

/**
 * Publishes the fleet's messages QoS 1 in order, paced in event time: a message goes once
 * `start + speed x (wall time elapsed)` reaches its `sendAt`, never ahead of the wall clock (ingest refuses
 * timestamps from the future). At most `maxInFlight` messages await their PUBACK. `speed` Infinity: as fast
 * as the broker acknowledges. Resolves once every message is acknowledged; rejects on the first failure.
 * @example await publishPaced(client, fleetMessages(plan, o), { start: plan.start, speed: 2000 })
 */
export async function publishPaced(
  client: MqttClient,
  messages: Iterable<FleetMessage>,
  o: {
    start: number;
    speed: number;
    maxInFlight?: number;
    /** the wall clock and a timer (specs pass fakes) */
    now?: () => number;
    sleep?: (ms: number) => Promise<unknown>;
    shouldStop?: () => boolean;
    progress?: PublishProgress;
  },
): Promise<PublishProgress> {
  const now = o.now ?? Date.now;
  const pause = o.sleep ?? sleep;
  const progress = o.progress ?? { sent: 0, acked: 0, eventTime: o.start };
  const maxInFlight = o.maxInFlight ?? 500;
  const wallStart = now();
  const clock = () => {
    const wall = now();
    return Math.min(wall, o.speed === Infinity ? wall : o.start + o.speed * (wall - wallStart));
  };
  let inFlight = 0;
  let failure: Error | null = null;
  const waiters: Array<() => void> = [];
  const slot = () => new Promise<void>((resolve) => waiters.push(resolve));
  let sinceYield = 0;
  for (const message of messages) {
    if (o.shouldStop?.()) break;
    for (let ahead = message.sendAt - clock(); ahead > 0; ahead = message.sendAt - clock())
      await pause(Math.min(200, Math.max(5, o.speed === Infinity ? ahead : ahead / o.speed)));
    while (inFlight >= maxInFlight) await slot();
    if (failure) throw failure;
    inFlight++;
    progress.sent++;
    progress.eventTime = message.sendAt;
    client
      .publishAsync(message.topic, message.payload, { qos: 1 })
      .then(
        () => void progress.acked++,
        (error: Error) => void (failure ??= error),
      )
      .finally(() => {
        inFlight--;
        waiters.shift()?.();
      });
    // let the socket breathe when the stream is far behind the clock
    if (++sinceYield >= 200) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  while (inFlight > 0) await slot();
  if (failure) throw failure;
  return progress;
}
