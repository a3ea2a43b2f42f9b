import type { LayersModel } from '@tensorflow/tfjs-layers';
import { binarizedKernels, FlipRatioTracker } from '@signflow/metrics';
import type { EpochRecord } from '../run/epoch-log.js';
import type { TrainingObserver } from './observer.js';

/**
 * The fraction of binary weights whose sign flipped in the last update of each epoch: near 0, the
 * binary network has stopped learning.
 */
export class FlipRatioObserver implements TrainingObserver {
  private tracker: FlipRatioTracker | null = null;
  private fields: Partial<EpochRecord> = {};

  beforeLastUpdate(model: LayersModel): void {
    if (binarizedKernels(model).length === 0) return;
    this.tracker ??= new FlipRatioTracker(model);
    this.tracker.snapshot();
  }

  async afterLastUpdate(): Promise<void> {
    if (this.tracker !== null) this.fields = { flipRatio: (await this.tracker.measureAsync()).total };
  }

  epochFields(): Partial<EpochRecord> {
    const fields = this.fields;
    this.fields = {};
    return fields;
  }

  /** Frees the tracker's snapshot. */
  dispose(): void {
    this.tracker?.dispose();
    this.tracker = null;
  }
}
