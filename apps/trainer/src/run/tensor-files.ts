import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { writeFileDurable } from '@signflow/durable';

/** The suffixes of the two files of a tensor file written at `<base>`. */
export const TENSOR_FILES = ['.json', '.bin'] as const;

/** Name, dtype and shape of one tensor in a tensor file's manifest. */
interface TensorSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
}

/**
 * Writes named tensors as `<base>.json` (manifest) + `<base>.bin` (little-endian data), each file
 * atomically. Used for optimiser state.
 */
export function writeTensors(base: string, tensors: tf.NamedTensorMap): void {
  const specs: TensorSpec[] = [];
  const chunks: Buffer[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
    const data = dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
    specs.push({ name, shape: t.shape, dtype });
    chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  writeFileDurable(`${base}.bin`, Buffer.concat(chunks));
  writeFileDurable(`${base}.json`, JSON.stringify(specs));
}

/** Reads tensors written by {@link writeTensors}; throws naming the file when it is truncated or malformed. */
export function readTensors(base: string): tf.NamedTensorMap {
  const specs = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as TensorSpec[];
  const bin = readFileSync(`${base}.bin`);
  const expected = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  if (bin.byteLength !== expected) {
    throw new Error(`${base}.bin holds ${bin.byteLength} bytes but its manifest describes ${expected}`);
  }
  const out: tf.NamedTensorMap = {};
  let offset = 0;
  for (const s of specs) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const bytes = bin.buffer.slice(bin.byteOffset + offset, bin.byteOffset + offset + 4 * size);
    out[s.name] = tf.tensor(s.dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes), s.shape, s.dtype);
    offset += 4 * size;
  }
  return out;
}
