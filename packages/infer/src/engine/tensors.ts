import { packedBytes } from '../format/bits.js';
import { PackedFormatError } from '../format/errors.js';
import type { TensorRef } from '../format/manifest.js';

/** Reads the tensors a manifest refers to out of the payload, checking that each lies inside it. */
export class PayloadReader {
  constructor(private readonly payload: Uint8Array) {}

  private slice(ref: TensorRef, bytes: number, what: string): Uint8Array {
    if (!Number.isInteger(ref?.offset) || !Number.isInteger(ref?.count) || ref.offset < 0 || ref.offset % 8 !== 0 || ref.count < 0) {
      throw new PackedFormatError(`${what}: bad tensor reference ${JSON.stringify(ref)}; the manifest is corrupt, export the model again.`);
    }
    if (ref.offset + bytes > this.payload.byteLength) {
      throw new PackedFormatError(`${what}: the tensor at ${ref.offset} (+${bytes} bytes) lies outside the ${this.payload.byteLength}-byte payload; export the model again.`);
    }
    return this.payload.subarray(ref.offset, ref.offset + bytes);
  }

  /** Float32 values, `expected` of them. */
  floats(ref: TensorRef, expected: number, what: string): Float32Array {
    if (ref?.dtype !== 'float32' || ref.count !== expected) {
      throw new PackedFormatError(`${what}: expected ${expected} float32 values, the manifest gives ${JSON.stringify(ref)}; export the model again.`);
    }
    const bytes = this.slice(ref, 4 * expected, what);
    return new Float32Array(bytes.slice().buffer);
  }

  /** Packed bits as 32-bit words, `expected` bits. */
  bits(ref: TensorRef, expected: number, what: string): Uint32Array {
    if (ref?.dtype !== 'bits' || ref.count !== expected) {
      throw new PackedFormatError(`${what}: expected ${expected} bits, the manifest gives ${JSON.stringify(ref)}; export the model again.`);
    }
    const bytes = this.slice(ref, packedBytes(expected), what);
    return new Uint32Array(bytes.slice().buffer);
  }
}
