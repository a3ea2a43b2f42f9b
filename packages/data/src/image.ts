/** Image shape as height, width, channels (NHWC without the batch axis). */
export type ImageShape = readonly [height: number, width: number, channels: number];

/** Per-channel mean and standard deviation of pixels scaled to [0, 1]: `x' = (x / 255 - mean) / std`. */
export interface Normalization {
  /** One value per channel. */
  readonly mean: readonly number[];
  /** One value per channel, all positive. */
  readonly std: readonly number[];
}
