import { describe, expect, it } from 'vitest';
import { Random } from '../random.js';
import { centerWindow, sampleResizedCrop } from './resized-crop.js';
import { roundHalfEven } from './round.js';

describe('sampleResizedCrop', () => {
  it('returns windows inside the image with area and aspect ratio in range', () => {
    const random = Random.fromSeed(11);
    for (let i = 0; i < 500; i++) {
      const w = sampleResizedCrop(random, 256, 256, [0.08, 1.25], [3 / 4, 4 / 3]);
      expect(w.top >= 0 && w.left >= 0 && w.top + w.height <= 256 && w.left + w.width <= 256).toBe(true);
      const area = (w.height * w.width) / (256 * 256);
      // Sides are rounded to whole pixels, hence the small tolerance.
      expect(area).toBeGreaterThan(0.08 * 0.97);
      expect(w.width / w.height).toBeGreaterThan((3 / 4) * 0.97);
      expect(w.width / w.height).toBeLessThan((4 / 3) * 1.03);
    }
  });

  it('falls back to the largest centred window with an allowed aspect ratio', () => {
    // An area fraction of at least 2 never fits, so all ten tries fail. A 10x20 image has aspect
    // 2 > 4/3: keep the height 10, width round(10 * 4/3) = 13, left floor((20 - 13) / 2) = 3.
    expect(sampleResizedCrop(Random.fromSeed(1), 10, 20, [2, 3], [3 / 4, 4 / 3])).toEqual({
      top: 0,
      left: 3,
      height: 10,
      width: 13,
    });
    // A 20x10 image has aspect 0.5 < 3/4: width 10, height round(10 / 0.75) = 13, top 3.
    expect(sampleResizedCrop(Random.fromSeed(1), 20, 10, [2, 3], [3 / 4, 4 / 3])).toEqual({
      top: 3,
      left: 0,
      height: 13,
      width: 10,
    });
  });
});

describe('centerWindow and roundHalfEven', () => {
  it('centres like torchvision CenterCrop, rounding halves to even', () => {
    expect(centerWindow(256, 256, 224)).toEqual({ top: 16, left: 16, height: 224, width: 224 });
    // (257 - 224) / 2 = 16.5 rounds to 16; (259 - 224) / 2 = 17.5 rounds to 18.
    expect(centerWindow(257, 259, 224)).toEqual({ top: 16, left: 18, height: 224, width: 224 });
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });
});
