/** The payload as a Buffer, sharing the memory of a Uint8Array instead of copying it. */
export function toBuffer(payload: string | Uint8Array): Buffer {
  if (typeof payload === 'string') return Buffer.from(payload);
  if (Buffer.isBuffer(payload)) return payload;
  return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
}
