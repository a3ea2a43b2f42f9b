import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError } from '../errors.js';

/** An n-dimensional array of unsigned bytes read from an IDX file. */
export interface IdxArray {
  /** Size of each dimension, outermost first (e.g. count, rows, columns). */
  readonly dims: readonly number[];
  /** The values, row-major. */
  readonly data: Uint8Array;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

/**
 * Parses the IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a magic
 * number `00 00 <type> <dims>`, one big-endian 32-bit size per dimension, then the values. Only
 * unsigned-byte files (type 0x08), the type of every image and label file, are accepted.
 *
 * @param bytes - the uncompressed file contents.
 * @param file - names the file in error messages.
 * @throws DatasetError on a bad magic number, another value type, or sizes that disagree with the
 *   file's length.
 */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[3] === 0) {
    throw new DatasetError(
      `starts with ${hex(bytes.subarray(0, 4)) || 'nothing'}, not an IDX magic number (00 00 <type> <dims>): ` +
        'it is not an IDX file; MNIST-style datasets come as train-images-idx3-ubyte[.gz] and the like',
      file,
    );
  }
  const type = bytes[2];
  if (type !== 0x08) {
    throw new DatasetError(
      `holds IDX values of type 0x${type.toString(16).padStart(2, '0')} (${TYPE_NAMES[type] ?? 'unknown'}); ` +
        'only unsigned-byte image and label files (type 0x08) can be read',
      file,
    );
  }
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  if (bytes.length < header) {
    throw new DatasetError(
      `is ${bytes.length} bytes long, shorter than its own ${header}-byte header: the file is truncated; get it again`,
      file,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const found = bytes.length - header;
  if (expected !== found) {
    throw new DatasetError(
      `its header announces ${dims.join(' x ')} = ${expected} values but ${found} bytes follow the ` +
        `${header}-byte header: the file is ${found < expected ? 'truncated' : 'corrupt'}; get it again`,
      file,
    );
  }
  return { dims, data: bytes.subarray(header) };
}

/**
 * Reads and parses an IDX file, gunzipping it first when it starts with the gzip signature
 * (whatever its name).
 *
 * @throws DatasetError when the file cannot be read, is a broken gzip stream, or is not a valid IDX file.
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array = await readFile(path).catch((error: unknown) => {
    throw new DatasetError(`cannot be read (${(error as Error).message})`, path, { cause: error });
  });
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = await promisify(gunzip)(bytes).catch((error: unknown) => {
      throw new DatasetError(`is not a valid gzip file (${(error as Error).message}); get it again`, path, {
        cause: error,
      });
    });
  }
  return parseIdx(bytes, path);
}
