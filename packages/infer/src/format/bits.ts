/**
 * Bit packing of the packed format: element i is bit i % 64 of little-endian 64-bit word
 * ⌊i / 64⌋, bit 1 meaning −1 (Larq Compute Engine's convention). A little-endian 64-bit word is
 * two little-endian 32-bit words, so bit i is also bit i % 32 of 32-bit word ⌊i / 32⌋.
 */

/** Bytes that `count` packed bits take: whole 64-bit words. */
export function packedBytes(count: number): number {
  return Math.ceil(count / 64) * 8;
}

/** Packs `count` signs; `negative(i)` says whether element i is −1. */
export function packSigns(count: number, negative: (index: number) => boolean): Uint8Array {
  const words = new Uint32Array(packedBytes(count) / 4);
  for (let i = 0; i < count; i++) if (negative(i)) words[i >>> 5] |= 1 << (i & 31);
  return new Uint8Array(words.buffer);
}

/** Whether packed element `index` is −1; `words` views the packed bytes as 32-bit words. */
export function isNegativeBit(words: Uint32Array, index: number): boolean {
  return ((words[index >>> 5] >>> (index & 31)) & 1) === 1;
}
