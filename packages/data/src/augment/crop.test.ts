import { describe, expect, it } from 'vitest';
import { cropFlipNormalize, type Window } from './crop.js';
import { identityAffine, pixelAffine } from './normalize.js';

// A 3x3 one-channel image:  1 2 3 / 4 5 6 / 7 8 9.
const image = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

function crop(window: Window, flip: boolean): number[] {
  const out = new Float32Array(window.height * window.width);
  cropFlipNormalize(image, 0, [3, 3, 1], window, flip, identityAffine(1), out, 0);
  return Array.from(out);
}

describe('cropFlipNormalize', () => {
  it('copies the window when it lies inside the image', () => {
    expect(crop({ top: 1, left: 1, height: 2, width: 2 }, false)).toEqual([5, 6, 8, 9]);
    expect(crop({ top: 0, left: 0, height: 3, width: 3 }, false)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('fills the part of the window in the zero padding with zeros', () => {
    // Offset (-1, -1) of a 3x3 window: a padded row on top and a padded column on the left.
    expect(crop({ top: -1, left: -1, height: 3, width: 3 }, false)).toEqual([0, 0, 0, 0, 1, 2, 0, 4, 5]);
    // Offset (+1, +2): padding at the bottom and right.
    expect(crop({ top: 1, left: 2, height: 3, width: 3 }, false)).toEqual([6, 0, 0, 9, 0, 0, 0, 0, 0]);
    // Entirely outside.
    expect(crop({ top: -5, left: 7, height: 2, width: 2 }, false)).toEqual([0, 0, 0, 0]);
  });

  it('mirrors the cropped window left-right when flipping', () => {
    expect(crop({ top: 0, left: 0, height: 3, width: 3 }, true)).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7]);
    // Crop at (0, +1) is 2 3 0 / 5 6 0 / 8 9 0; flipped: 0 3 2 / 0 6 5 / 0 9 8.
    expect(crop({ top: 0, left: 1, height: 3, width: 3 }, true)).toEqual([0, 3, 2, 0, 6, 5, 0, 9, 8]);
    // Crop at (-1, -2) is 0 0 0 / 0 0 1 / 0 0 4; flipped: 0 0 0 / 1 0 0 / 4 0 0.
    expect(crop({ top: -1, left: -2, height: 3, width: 3 }, true)).toEqual([0, 0, 0, 1, 0, 0, 4, 0, 0]);
  });

  it('normalises per channel as (x / 255 - mean) / std, padding as 0 before normalising', () => {
    // One RGB pixel (255, 0, 51) and the padded pixel to its left.
    const rgb = Uint8Array.from([255, 0, 51]);
    const affine = pixelAffine({ mean: [0.5, 0.5, 0.2], std: [0.5, 0.25, 0.2] });
    const out = new Float32Array(6);
    cropFlipNormalize(rgb, 0, [1, 1, 3], { top: 0, left: -1, height: 1, width: 2 }, false, affine, out, 0);
    // Padding: (0 - 0.5) / 0.5 = -1, (0 - 0.5) / 0.25 = -2, (0 - 0.2) / 0.2 = -1.
    // Pixel: (1 - 0.5) / 0.5 = 1, (0 - 0.5) / 0.25 = -2, (0.2 - 0.2) / 0.2 = 0.
    const expected = [-1, -2, -1, 1, -2, 0];
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('reads image `k` at its offset and writes at the output offset, HWC', () => {
    // Two 1x2 RGB images; crop the second one, flipped, into the middle of a larger output.
    const images = Uint8Array.from([0, 0, 0, 0, 0, 0, 10, 11, 12, 20, 21, 22]);
    const out = new Float32Array(8).fill(-7);
    cropFlipNormalize(images, 6, [1, 2, 3], { top: 0, left: 0, height: 1, width: 2 }, true, identityAffine(3), out, 1);
    expect(Array.from(out)).toEqual([-7, 20, 21, 22, 10, 11, 12, -7]);
  });
});
