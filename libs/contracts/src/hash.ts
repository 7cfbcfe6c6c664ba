/**
 * 32-bit FNV-1a of a string's UTF-16 code units. The one hash of the contracts: it places a device in its
 * partition and makes event ids deterministic. `basis` and `prime` give a second, independent hash of the
 * same text (event ids use two for 64 bits).
 *
 * @example fnv1a32('acme/rtr-01') % 16 // the device's partition of 16
 */
export function fnv1a32(text: string, basis = 0x811c9dc5, prime = 0x01000193): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), prime) >>> 0;
  return h;
}
