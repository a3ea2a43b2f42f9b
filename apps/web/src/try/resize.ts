/**
 * Area-weighted resampling of an interleaved image (each output pixel is the mean of the input
 * area it covers, fractions included): the way to shrink a 280-pixel drawing to 28 pixels
 * without losing thin strokes.
 */
export function resizeArea(src: ArrayLike<number>, sw: number, sh: number, channels: number, dw: number, dh: number): Float32Array {
  const horizontal = new Float32Array(dw * sh * channels);
  const sx = sw / dw;
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < dw; x++) {
      const from = x * sx;
      const to = from + sx;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let i = Math.floor(from); i < Math.min(sw, Math.ceil(to)); i++) sum += src[(y * sw + i) * channels + c] * (Math.min(to, i + 1) - Math.max(from, i));
        horizontal[(y * dw + x) * channels + c] = sum / sx;
      }
    }
  }
  const out = new Float32Array(dw * dh * channels);
  const sy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const from = y * sy;
    const to = from + sy;
    for (let x = 0; x < dw; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let j = Math.floor(from); j < Math.min(sh, Math.ceil(to)); j++) sum += horizontal[(j * dw + x) * channels + c] * (Math.min(to, j + 1) - Math.max(from, j));
        out[(y * dw + x) * channels + c] = sum / sy;
      }
    }
  }
  return out;
}
