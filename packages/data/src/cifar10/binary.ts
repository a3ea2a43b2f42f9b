import { DatasetError } from '../errors.js';
import { CIFAR10_PLANE, CIFAR10_RECORD_BYTES } from './format.js';

const FIX = 'run `signflow data fetch cifar10` to fetch and verify the official files again';

/**
 * Checks that `bytes` (the contents of `file`) is whole CIFAR-10 records and returns how many.
 *
 * @param expectedRecords - when given, the record count the file must hold (10,000 for the
 *   official files), so that a file cut at a record boundary is caught too.
 * @throws DatasetError naming the file, the size found and what to do.
 */
export function countCifar10Records(byteLength: number, file: string, expectedRecords?: number): number {
  if (byteLength % CIFAR10_RECORD_BYTES !== 0 || byteLength === 0) {
    throw new DatasetError(
      `holds ${byteLength} bytes, which is not a positive multiple of the ${CIFAR10_RECORD_BYTES}-byte ` +
        `CIFAR-10 record: the file is truncated or not a CIFAR-10 binary batch; ${FIX}`,
      file,
    );
  }
  const records = byteLength / CIFAR10_RECORD_BYTES;
  if (expectedRecords !== undefined && records !== expectedRecords) {
    throw new DatasetError(
      `holds ${records} records where the official file holds ${expectedRecords}: it is truncated; ${FIX}`,
      file,
    );
  }
  return records;
}

/**
 * Decodes CIFAR-10 records into HWC images and labels, written at record `at` of the outputs.
 * Each record's red, green and blue planes (CHW) are interleaved into RGB pixels (HWC).
 *
 * @param bytes - whole records (see {@link countCifar10Records}).
 * @param file - names the source in error messages.
 * @param images - receives 3,072 bytes per record.
 * @param labels - receives one label per record.
 * @throws DatasetError when a label byte is above 9.
 */
export function decodeCifar10Records(
  bytes: Uint8Array,
  file: string,
  images: Uint8Array,
  labels: Int32Array,
  at: number,
): void {
  const records = bytes.length / CIFAR10_RECORD_BYTES;
  for (let r = 0; r < records; r++) {
    const base = r * CIFAR10_RECORD_BYTES;
    const label = bytes[base];
    if (label > 9) {
      throw new DatasetError(
        `record ${r} (byte offset ${base}) has label ${label}, outside 0..9: the file is corrupt or is ` +
          `not CIFAR-10 (CIFAR-100 records start with two label bytes); ${FIX}`,
        file,
      );
    }
    labels[at + r] = label;
    const red = base + 1;
    const green = red + CIFAR10_PLANE;
    const blue = green + CIFAR10_PLANE;
    let o = (at + r) * 3 * CIFAR10_PLANE;
    for (let p = 0; p < CIFAR10_PLANE; p++) {
      images[o++] = bytes[red + p];
      images[o++] = bytes[green + p];
      images[o++] = bytes[blue + p];
    }
  }
}
