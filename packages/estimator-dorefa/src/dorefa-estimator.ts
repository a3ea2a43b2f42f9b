import { BaseEstimator } from '@signflow/core';
import type { DoReFaConfig, DoReFaMode } from './config.js';

/**
 * What the DoReFa variants share: the id `'dorefa'`, no schedulable hyper-parameter, and a config
 * made of the bit-width and the mode, from which the plugin rebuilds the same variant.
 */
export abstract class DoReFaEstimator extends BaseEstimator {
  /**
   * @param bits the bit-width k, already validated
   * @param mode what the variant quantises
   */
  protected constructor(bits: number, readonly mode: DoReFaMode) {
    super('dorefa', bits, {}, {});
  }

  override getConfig(): DoReFaConfig {
    return { bits: this.bits, mode: this.mode };
  }
}
