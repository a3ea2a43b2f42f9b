import type { Random } from '../random.js';
import type { Window } from './crop.js';
import { roundHalfEven } from './round.js';

/**
 * Draws the window of torchvision's `RandomResizedCrop.get_params`: up to ten tries at an area
 * fraction uniform in `scale` and an aspect ratio log-uniform in `ratio`, keeping the first window
 * that fits in the image at a uniform position; failing that, the largest centred window whose
 * aspect ratio lies in `ratio`. An upper scale above 1 (the reference's 1.25) only makes the
 * tries fail more often.
 *
 * @param height - image height.
 * @param width - image width.
 */
export function sampleResizedCrop(
  random: Random,
  height: number,
  width: number,
  scale: readonly [number, number],
  ratio: readonly [number, number],
): Window {
  const area = height * width;
  const logLow = Math.log(ratio[0]);
  const logHigh = Math.log(ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * random.uniform(scale[0], scale[1]);
    const aspect = Math.exp(random.uniform(logLow, logHigh));
    const w = roundHalfEven(Math.sqrt(targetArea * aspect));
    const h = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return { top: random.nextInt(height - h + 1), left: random.nextInt(width - w + 1), height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < ratio[0]) {
    h = roundHalfEven(w / ratio[0]);
  } else if (inRatio > ratio[1]) {
    w = roundHalfEven(h * ratio[1]);
  }
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/** torchvision's `CenterCrop` window: `size x size` at `round((H - size) / 2)`, `round((W - size) / 2)`. */
export function centerWindow(height: number, width: number, size: number): Window {
  return {
    top: roundHalfEven((height - size) / 2),
    left: roundHalfEven((width - size) / 2),
    height: size,
    width: size,
  };
}
