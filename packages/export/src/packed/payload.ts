import { packSigns, type TensorRef } from '@signflow/infer';

/** Collects the payload of a packed file: tensors at 8-byte aligned offsets. */
export class PayloadBuilder {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array, count: number, dtype: TensorRef['dtype']): TensorRef {
    const offset = this.size;
    this.parts.push(bytes);
    this.size += bytes.byteLength;
    const padding = (8 - (this.size % 8)) % 8;
    if (padding > 0) {
      this.parts.push(new Uint8Array(padding));
      this.size += padding;
    }
    return { offset, count, dtype };
  }

  /** Float32 values. */
  floats(values: ArrayLike<number>): TensorRef {
    const data = Float32Array.from(values);
    return this.push(new Uint8Array(data.buffer), data.length, 'float32');
  }

  /** `count` signs, element i negative when `negative(i)`. */
  signs(count: number, negative: (index: number) => boolean): TensorRef {
    return this.push(packSigns(count, negative), count, 'bits');
  }

  /** The payload bytes. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.byteLength;
    }
    return out;
  }
}
