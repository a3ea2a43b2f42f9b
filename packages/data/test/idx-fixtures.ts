/** Builders of small IDX files for the tests, written from the format's definition. */

/** An IDX file of unsigned bytes: magic 00 00 08 <rank>, big-endian sizes, then the values. */
export function idxBytes(dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header.set([0, 0, 0x08, dims.length]);
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + values.length);
  out.set(header);
  out.set(Array.from(values), header.length);
  return out;
}
