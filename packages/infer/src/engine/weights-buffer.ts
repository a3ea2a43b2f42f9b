/** Builds the engine's weight buffer: sections appended at 64-byte aligned offsets. */
export class WeightsBuffer {
  private chunks: { offset: number; bytes: Uint8Array }[] = [];
  private size = 0;

  /** Appends `bytes` and returns their offset. */
  add(bytes: Uint8Array): number {
    const offset = Math.ceil(this.size / 64) * 64;
    this.chunks.push({ offset, bytes });
    this.size = offset + bytes.byteLength;
    return offset;
  }

  /** Appends float32 values. */
  addFloats(values: ArrayLike<number>): number {
    return this.add(new Uint8Array(Float32Array.from(values).buffer));
  }

  /** Appends int32 values. */
  addInts(values: ArrayLike<number>): number {
    return this.add(new Uint8Array(Int32Array.from(values).buffer));
  }

  /** The whole buffer. */
  finish(): Uint8Array {
    const out = new Uint8Array(Math.max(Math.ceil(this.size / 64) * 64, 64));
    for (const { offset, bytes } of this.chunks) out.set(bytes, offset);
    return out;
  }
}
