/**
 * The background load of bench:tickets, run as a child process (fork) so that publishing thousands of
 * messages per second does not delay the parent's latency clock. Publishes paced JSON telemetry of healthy
 * devices (a slow daily-like wave plus noise, wall-clock timestamps) at QoS 1 and answers the parent's
 * `stats` requests over IPC.
 *
 * Env: LOAD_MQTT_URL, LOAD_RATE (messages/s), LOAD_DEVICES, LOAD_METRICS, LOAD_TENANT.
 */
import mqtt from 'mqtt';

export interface LoadStats {
  /** messages handed to the client */
  sent: number;
  /** messages the broker acknowledged (PUBACK) */
  acked: number;
  /** messages not sent because too many were unacknowledged (the broker or the platform fell behind) */
  skipped: number;
  /** most messages ever unacknowledged at once */
  maxInFlight: number;
  elapsedMs: number;
}

const RATE = Number(process.env.LOAD_RATE ?? 2000);
const DEVICES = Number(process.env.LOAD_DEVICES ?? 1000);
const METRICS = Number(process.env.LOAD_METRICS ?? 10);
const TENANT = process.env.LOAD_TENANT ?? 'bench-bg';
// Beyond this many unacknowledged messages the generator stops adding more (and counts them as skipped).
const MAX_IN_FLIGHT = 20_000;
const TICK_MS = 5;

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

async function main(): Promise<void> {
  const client = await mqtt.connectAsync(process.env.LOAD_MQTT_URL!, {
    clientId: `bench-load-${process.pid}`,
    protocolVersion: 5,
  });
  const names = Array.from({ length: METRICS }, (_, m) => `bg_${m}`);
  const stats: LoadStats = { sent: 0, acked: 0, skipped: 0, maxInFlight: 0, elapsedMs: 0 };
  const started = Date.now();
  let device = 0;
  const onAck = (error?: Error) => {
    if (!error) stats.acked++;
  };

  const publishDue = () => {
    const now = Date.now();
    const due = Math.floor(((now - started) * RATE) / 1000);
    while (stats.sent + stats.skipped < due) {
      const inFlight = stats.sent - stats.acked;
      if (inFlight >= MAX_IN_FLIGHT) {
        stats.skipped++;
        continue;
      }
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight + 1);
      const metrics: Record<string, number> = {};
      for (let m = 0; m < names.length; m++) {
        const wave = 10 * Math.sin((2 * Math.PI * now) / 86_400_000 + device + m);
        metrics[names[m]] = Math.round((50 + wave + 0.5 * gaussian()) * 100) / 100;
      }
      client.publish(
        `telemetry/${TENANT}/bg-${device}`,
        JSON.stringify({ ts: now, metrics }),
        { qos: 1 },
        onAck,
      );
      stats.sent++;
      device = (device + 1) % DEVICES;
    }
  };
  const timer = setInterval(publishDue, TICK_MS);

  process.on('message', (message: string) => {
    if (message === 'stats') {
      process.send?.({ ...stats, elapsedMs: Date.now() - started });
      return;
    }
    if (message !== 'stop') return;
    clearInterval(timer);
    void client.endAsync().finally(() => {
      process.send?.({ ...stats, elapsedMs: Date.now() - started }, () => process.exit(0));
    });
  });
  process.on('disconnect', () => process.exit(0)); // the parent died: do not linger
  process.send?.('ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
