/** The learning-rate settings of a run. */
export interface LrSchedule {
  /** Peak learning rate. */
  readonly lr: number;
  /** Total epochs E. */
  readonly epochs: number;
  /** Linear warm-up epochs W (0: none). */
  readonly warmupEpochs: number;
}

/**
 * The learning rate of epoch `e` (0-based), stepped per epoch:
 * - warm-up, e < W: lr·(e + 1)/W (0.02, 0.04, …, 0.1 for lr 0.1, W = 5);
 * - then cosine to 0: lr/2·(1 + cos(π·(e − W)/(E − W))).
 *
 * With W = 0 this is PyTorch's CosineAnnealingLR exactly (the ImageNet recipe, docs/method.md §10.4). With
 * warm-up it is the schedule the authors intended: their code's recursion drifts by up to 5e-4
 * for E = 1000 (e.g. e = 500: 0.050948 there, 0.050395 here) and climbs far above lr for short
 * runs (docs/method.md §7.3), which is why it is not reproduced.
 */
export function learningRateAt(schedule: LrSchedule, epoch: number): number {
  const { lr, epochs, warmupEpochs } = schedule;
  if (epoch < warmupEpochs) return (lr * (epoch + 1)) / warmupEpochs;
  const span = Math.max(1, epochs - warmupEpochs);
  return (lr / 2) * (1 + Math.cos((Math.PI * (epoch - warmupEpochs)) / span));
}
