import { describe, expect, it } from 'vitest';
import { fitPicture, mnistStyle } from './preprocess.js';
import { resizeArea } from './resize.js';

/** A `side`² drawing with a filled rectangle of ink. */
function drawing(side: number, x0: number, y0: number, w: number, h: number): Uint8Array {
  const gray = new Uint8Array(side * side);
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) gray[y * side + x] = 255;
  return gray;
}

function centreOfMass(data: Uint8Array, side: number): [number, number] {
  let m = 0;
  let cx = 0;
  let cy = 0;
  data.forEach((v, i) => {
    m += v;
    cx += v * ((i % side) + 0.5);
    cy += v * (Math.floor(i / side) + 0.5);
  });
  return [cx / m, cy / m];
}

describe('MNIST-style preprocessing', () => {
  it('scales the ink to 20 pixels and centres its mass, wherever it was drawn', () => {
    const image = mnistStyle(drawing(280, 10, 20, 20, 200), 280, 280);
    expect(image).not.toBeNull();
    const { data, width, height, channels } = image as NonNullable<typeof image>;
    expect([width, height, channels]).toEqual([28, 28, 1]);
    const rows = new Set<number>();
    data.forEach((v, i) => v > 0 && rows.add(Math.floor(i / 28)));
    expect(rows.size).toBe(20);
    const [cx, cy] = centreOfMass(data, 28);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
  });

  it('returns null for an empty drawing', () => {
    expect(mnistStyle(new Uint8Array(280 * 280), 280, 280)).toBeNull();
  });

  it('fits a picture by its centred square, in grey or colour', () => {
    // 4×2 RGBA picture: the centred 2×2 square is columns 1–2, pure red.
    const rgba = new Uint8Array(4 * 2 * 4);
    for (let y = 0; y < 2; y++) for (let x = 1; x <= 2; x++) rgba.set([255, 0, 0, 255], (y * 4 + x) * 4);
    expect(Array.from(fitPicture(rgba, 4, 2, [1, 1, 3]).data)).toEqual([255, 0, 0]);
    expect(Array.from(fitPicture(rgba, 4, 2, [1, 1, 1]).data)).toEqual([85]);
  });

  it('resamples by area: the mean is kept, fractional pixels included', () => {
    const src = Float32Array.from({ length: 30 }, (_, i) => i);
    const out = resizeArea(src, 6, 5, 1, 4, 3);
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out)).toBeCloseTo(mean(src), 4);
    expect(Array.from(resizeArea([0, 10, 20, 30], 4, 1, 1, 2, 1))).toEqual([5, 25]);
  });
});
