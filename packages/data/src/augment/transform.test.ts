import { describe, expect, it } from 'vitest';
import { Random } from '../random.js';
import { pixelAffine } from './normalize.js';
import { imageNetTransforms, transformOutputShape, writeExample, type Transform } from './transform.js';

// 4x4 one-channel image with distinct non-zero values 1..16, and a normalisation that leaves
// values as they are (mean 0, std 1/255), so that outputs can be compared with raw pixels.
const image = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const asIs = pixelAffine({ mean: [0], std: [1 / 255] });

function apply(transform: Transform, random = Random.fromSeed(0)): number[] {
  const [h, w] = transformOutputShape(transform, [4, 4, 1]);
  const out = new Float32Array(h * w);
  writeExample(transform, image, 0, [4, 4, 1], asIs, random, new Float32Array(4 * w), out, 0);
  return Array.from(out);
}

/** torchvision's RandomCrop(4, padding 2) + flip, done naively: pad the array, slice, reverse rows. */
function naivePadCropFlip(top: number, left: number, flip: boolean): number[] {
  const padded = Array.from({ length: 8 }, (_, y) =>
    Array.from({ length: 8 }, (_, x) => (y >= 2 && y < 6 && x >= 2 && x < 6 ? image[(y - 2) * 4 + (x - 2)] : 0)),
  );
  return padded.slice(top, top + 4).flatMap((row) => {
    const cropped = row.slice(left, left + 4);
    return flip ? cropped.reverse() : cropped;
  });
}

describe('writeExample', () => {
  it('random-crop draws every padded offset and flip uniformly, each equal to pad-crop-flip', () => {
    const candidates = new Map<string, string>();
    for (let top = 0; top <= 4; top++) {
      for (let left = 0; left <= 4; left++) {
        for (const flip of [false, true]) candidates.set(naivePadCropFlip(top, left, flip).join(), `${top},${left},${flip}`);
      }
    }
    expect(candidates.size).toBe(50);
    const random = Random.fromSeed(5);
    const seen = new Map<string, number>();
    let flips = 0;
    for (let i = 0; i < 5000; i++) {
      const key = candidates.get(apply({ kind: 'random-crop', padding: 2, flip: true }, random).join()) ?? 'no candidate';
      expect(key).not.toBe('no candidate');
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (key.endsWith('true')) flips++;
    }
    expect(seen.size).toBe(50);
    // Each of the 50 outcomes has probability 1/50: mean 100, sd 9.9 over 5000 draws.
    for (const count of seen.values()) expect(Math.abs(count - 100)).toBeLessThan(60);
    expect(Math.abs(flips - 2500)).toBeLessThan(250);
  });

  it('random-crop without flip never flips; padding 0 is the identity', () => {
    const random = Random.fromSeed(8);
    for (let i = 0; i < 50; i++) {
      expect(apply({ kind: 'random-crop', padding: 0, flip: false }, random)).toEqual(Array.from(image));
    }
  });

  it('center-crop keeps the middle; none keeps everything', () => {
    expect(apply({ kind: 'center-crop', size: 2 })).toEqual([6, 7, 10, 11]);
    expect(apply({ kind: 'none' })).toEqual(Array.from(image));
  });

  it('random-resized-crop gives the requested size, deterministically for a given generator state', () => {
    const transform: Transform = { kind: 'random-resized-crop', size: 3, scale: [0.08, 1.25], ratio: [3 / 4, 4 / 3], flip: true };
    const a = apply(transform, Random.fromSeed(21));
    expect(a).toHaveLength(9);
    expect(apply(transform, Random.fromSeed(21))).toEqual(a);
    // Bilinear filtering with weights summing to 1 stays within the pixel range.
    for (const v of a) expect(v >= 1 - 1e-4 && v <= 16 + 1e-4).toBe(true);
  });
});

describe('transformOutputShape', () => {
  it('gives the output shape of each transform', () => {
    expect(transformOutputShape({ kind: 'none' }, [32, 32, 3])).toEqual([32, 32, 3]);
    expect(transformOutputShape({ kind: 'random-crop', padding: 4, flip: true }, [32, 32, 3])).toEqual([32, 32, 3]);
    expect(transformOutputShape(imageNetTransforms().train, [256, 256, 3])).toEqual([224, 224, 3]);
    expect(transformOutputShape(imageNetTransforms().eval, [256, 256, 3])).toEqual([224, 224, 3]);
  });

  it('rejects parameters that are invalid or do not fit the images', () => {
    expect(() => transformOutputShape({ kind: 'center-crop', size: 300 }, [256, 256, 3])).toThrow(/no larger than the stored 256x256/);
    expect(() => transformOutputShape({ kind: 'random-crop', padding: -1, flip: true }, [8, 8, 1])).toThrow(/padding/);
    expect(() =>
      transformOutputShape({ kind: 'random-resized-crop', size: 4, scale: [0.5, 0.1], ratio: [1, 1], flip: false }, [8, 8, 1]),
    ).toThrow(/scale\[0\] <= scale\[1\]/);
  });
});
