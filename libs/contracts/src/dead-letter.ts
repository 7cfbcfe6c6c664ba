import type { Rejection, RejectionReason } from './rejection';
import { toIso } from './timestamps';

/** What the ingest publishes on `deadletter/{tenant}/{device}` for a rejected message. */
export interface DeadLetterMessage {
  reason: RejectionReason;
  detail: string;
  topic: string;
  /** RFC 3339, UTC. */
  receivedAt: string;
  /** Size of the original payload. */
  payloadBytes: number;
  /** True when `payload` holds only the first DEAD_LETTER_PAYLOAD_MAX_BYTES bytes. */
  truncated: boolean;
  /** The payload decoded as UTF-8 (invalid sequences become U+FFFD), first 4096 bytes at most. */
  payload: string;
}

export const DEAD_LETTER_PAYLOAD_MAX_BYTES = 4096;

const lossyUtf8 = new TextDecoder('utf-8');

/**
 * Builds the dead letter for a rejected message; never throws.
 * @example buildDeadLetter('telemetry/acme/rtr-01', bytes, Date.now(), { reason: 'no_metrics', detail: 'payload is empty' })
 */
export function buildDeadLetter(
  topic: string,
  payload: Uint8Array,
  receivedAt: number,
  rejection: Rejection,
): DeadLetterMessage {
  const truncated = payload.byteLength > DEAD_LETTER_PAYLOAD_MAX_BYTES;
  const kept = truncated
    ? payload.subarray(0, utf8CutPoint(payload, DEAD_LETTER_PAYLOAD_MAX_BYTES))
    : payload;
  return {
    reason: rejection.reason,
    detail: rejection.detail,
    topic,
    receivedAt: toIso(receivedAt),
    payloadBytes: payload.byteLength,
    truncated,
    payload: lossyUtf8.decode(kept),
  };
}

/** Largest cut <= max that does not split a UTF-8 sequence (steps back over at most 3 continuation bytes). */
function utf8CutPoint(bytes: Uint8Array, max: number): number {
  for (let cut = max; cut > max - 4 && cut > 0; cut--) {
    if ((bytes[cut] & 0xc0) !== 0x80) return cut;
  }
  return max; // not UTF-8 anyway: the lossy decode will show U+FFFD
}
