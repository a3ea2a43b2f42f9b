/**
 * The CIFAR-10 binary format (https://www.cs.toronto.edu/~kriz/cifar.html): files of 3,073-byte
 * records with no header; a record is one label byte (0..9) and then the red, green and blue
 * planes of a 32x32 image, each row-major.
 */

/** Bytes per record: 1 label byte + 3 x 32 x 32 pixel bytes. */
export const CIFAR10_RECORD_BYTES = 3073;
/** Pixels per plane (32 x 32). */
export const CIFAR10_PLANE = 1024;
/** Records in each file of the official release. */
export const CIFAR10_RECORDS_PER_FILE = 10_000;
/** The official training files, in order. */
export const CIFAR10_TRAIN_FILES: readonly string[] = Object.freeze([
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
]);
/** The official test file. */
export const CIFAR10_TEST_FILES: readonly string[] = Object.freeze(['test_batch.bin']);
