import { loadDataset, type Dataset } from '@signflow/data';
import type { RunConfig } from '../config/schema.js';
import { limitDataset } from './dataset-subset.js';

/** Loads the dataset of a run. */
export interface DataSource {
  /** The dataset `config.dataset` names, limited to `limitTrain` / `limitTest` images. */
  load(config: Pick<RunConfig, 'dataset' | 'limitTrain' | 'limitTest' | 'seed'>): Promise<Dataset>;
}

/** The named datasets and image folders `@signflow/data` reads. */
export class LocalDataSource implements DataSource {
  async load(config: Pick<RunConfig, 'dataset' | 'limitTrain' | 'limitTest' | 'seed'>): Promise<Dataset> {
    return limitDataset(await loadDataset(config.dataset), { train: config.limitTrain, test: config.limitTest }, config.seed);
  }
}
