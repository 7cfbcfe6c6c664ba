import type { Channel } from '@preempt/messaging';

import { type NoticeSender, type OutgoingNotice, type SendOutcome, webhookBody } from './notice-sender';

/** `notices/{tenant}/{ticketId}` (digests and ticketless notices: `notices/{tenant}/_`). */
export function noticeTopic(tenant: string, ticketId: string | null): string {
  return `notices/${tenant}/${ticketId ?? '_'}`;
}

/**
 * MQTT notices: QoS 1, retained (the latest notice per ticket), on the devices' channel: the broker
 * customers and their collectors already reach (in the all-in-one the app channel is in memory).
 */
export class MqttNoticeSender implements NoticeSender {
  constructor(private readonly devices: Channel) {}

  async send({ delivery, notice }: OutgoingNotice): Promise<SendOutcome> {
    try {
      const body = JSON.parse(webhookBody(notice)) as Record<string, unknown>;
      await this.devices.publish(
        noticeTopic(notice.tenant, notice.ticketId),
        JSON.stringify({ deliveryId: delivery.id, ...body }),
        {
          retain: true,
        },
      );
      return { ok: true, retryable: false, statusCode: null, error: null };
    } catch (error) {
      return {
        ok: false,
        retryable: true,
        statusCode: null,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
