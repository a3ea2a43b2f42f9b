import { describe, expect, it } from 'vitest';
import { identityAffine } from './normalize.js';
import { resizeWindow } from './resample.js';

function resizeRow(values: number[], outWidth: number, flip = false): number[] {
  const src = Uint8Array.from(values);
  const out = new Float32Array(outWidth);
  const window = { top: 0, left: 0, height: 1, width: values.length };
  resizeWindow(src, 0, values.length, 1, window, 1, outWidth, flip, identityAffine(1), new Float32Array(outWidth), out, 0);
  return Array.from(out);
}

describe('resizeWindow (PIL-style antialiased bilinear)', () => {
  it('is the identity at the same size', () => {
    expect(resizeRow([3, 80, 7, 255], 4)).toEqual([3, 80, 7, 255]);
  });

  it('upsamples 2 -> 4 with the triangle filter at pixel centres', () => {
    // Output centres in input coordinates: 0.25, 0.75, 1.25, 1.75 (minus 0.5: -0.25 .. 1.25), so
    // [a, 0.75a + 0.25b, 0.25a + 0.75b, b] with edge clamping.
    const [a, b] = [40, 200];
    const got = resizeRow([a, b], 4);
    [a, 0.75 * a + 0.25 * b, 0.25 * a + 0.75 * b, b].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
  });

  it('downsamples 4 -> 2 with a triangle widened by the scale (antialiasing)', () => {
    // Scale 2, support 2: output 0 (centre 1.0) weighs inputs 0, 1, 2 by 0.75, 0.75, 0.25 / 1.75;
    // output 1 (centre 3.0) weighs inputs 1, 2, 3 by 0.25, 0.75, 0.75 / 1.75.
    const got = resizeRow([0, 70, 140, 210], 2);
    expect(got[0]).toBeCloseTo((0 * 0.75 + 70 * 0.75 + 140 * 0.25) / 1.75, 4); // 50
    expect(got[1]).toBeCloseTo((70 * 0.25 + 140 * 0.75 + 210 * 0.75) / 1.75, 4); // 160
  });

  it('resizes both axes of a window inside a larger image, mirrored on request', () => {
    // 3x4 image; window rows 1..2, columns 1..2 (values 5 6 / 9 10) resized to 4x4 and flipped.
    const src = Uint8Array.from({ length: 12 }, (_, i) => i);
    const out = new Float32Array(16);
    const window = { top: 1, left: 1, height: 2, width: 2 };
    resizeWindow(src, 0, 4, 1, window, 4, 4, true, identityAffine(1), new Float32Array(2 * 4), out, 0);
    const lerp = (a: number, b: number): number[] => [a, 0.75 * a + 0.25 * b, 0.25 * a + 0.75 * b, b];
    const rows = lerp(5, 9).map((left, i) => lerp(left, lerp(6, 10)[i]).reverse());
    Array.from(out).forEach((v, i) => expect(v).toBeCloseTo(rows.flat()[i], 4));
  });
});
