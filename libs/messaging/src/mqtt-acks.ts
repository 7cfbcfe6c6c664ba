import type { MqttClient, Packet } from 'mqtt';

import type { Receipt } from './consumer';

type SendPacket = (packet: Packet, cb?: (error?: Error) => void, ...rest: unknown[]) => void;

const WAITING = 0;
const ACKNOWLEDGED = 1;
const ABANDONED = 2;

/** The PUBACK of one received QoS 1 message, held until every consumer it went to acknowledged it. */
class HeldPuback implements Receipt {
  state = WAITING;
  /** the PUBACK mqtt.js wanted to send; null while it has not asked yet */
  packet: Packet | null = null;

  constructor(
    private readonly acks: DeferredPubacks,
    readonly messageId: number,
    readonly generation: number,
    private remaining: number,
  ) {}

  get live(): boolean {
    return this.generation === this.acks.generation;
  }

  acknowledge(): void {
    if (this.state !== WAITING || --this.remaining > 0) return;
    this.state = ACKNOWLEDGED;
    if (this.packet) this.acks.send(this);
  }

  abandon(): void {
    if (this.state !== WAITING) return;
    this.state = ABANDONED;
    if (this.packet) this.acks.forget(this);
  }
}

/** For QoS 0 messages: nothing to acknowledge. */
export const NOTHING_TO_ACKNOWLEDGE: Receipt = { live: true, acknowledge() {}, abandon() {} };

/**
 * Sends the PUBACK of a QoS 1 message only once its handlers resolved.
 *
 * mqtt.js sends the PUBACK as soon as it has emitted the message and reads the next packet only once that
 * PUBACK is written. We intercept it: mqtt.js is told it was sent (so it keeps reading and many messages are
 * handled concurrently) and the packet really goes out when the handlers acknowledged. A message that
 * fails, or is still pending when the connection drops, is never acknowledged: the broker redelivers it on
 * the persistent session. Each connection is a generation; PUBACKs held for an earlier one are dropped.
 */
export class DeferredPubacks {
  generation = 0;
  private readonly held = new Map<number, HeldPuback>();
  private sendPacket: SendPacket | undefined;
  private client: MqttClient | undefined;

  install(client: MqttClient): void {
    const internals = client as unknown as { _sendPacket: SendPacket };
    const send = internals._sendPacket.bind(client);
    this.client = client;
    this.sendPacket = send;
    internals._sendPacket = (packet, cb, ...rest) => {
      if (packet.cmd === 'puback' && this.intercept(packet)) {
        cb?.();
        return;
      }
      send(packet, cb, ...rest);
    };
  }

  /** A new connection: the broker redelivers whatever was not acknowledged on the previous one. */
  reconnected(): void {
    this.generation++;
    this.held.clear();
  }

  /** Called while mqtt.js emits the message, so before it tries to send the PUBACK. */
  hold(messageId: number, consumers: number): Receipt {
    const puback = new HeldPuback(this, messageId, this.generation, consumers);
    this.held.set(messageId, puback);
    return puback;
  }

  send(puback: HeldPuback): void {
    this.forget(puback);
    if (puback.generation === this.generation && this.client?.connected) this.sendPacket!(puback.packet!);
  }

  forget(puback: HeldPuback): void {
    if (this.held.get(puback.messageId) === puback) this.held.delete(puback.messageId);
  }

  /** True when the PUBACK is held back or swallowed; false lets mqtt.js send it now. */
  private intercept(packet: Packet): boolean {
    const messageId = (packet as { messageId?: number }).messageId;
    const puback = messageId === undefined ? undefined : this.held.get(messageId);
    if (!puback || puback.generation !== this.generation) return false;
    if (puback.state === WAITING) {
      puback.packet = packet;
      return true;
    }
    this.held.delete(messageId!);
    return puback.state === ABANDONED;
  }
}
