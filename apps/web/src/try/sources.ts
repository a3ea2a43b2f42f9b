import { tfjsRunSource } from './tfjs-run-source.js';
import type { ModelSource } from './model-source.js';

/** The model sources the page offers, in the order their models are listed. An exported-model source goes here. */
export const MODEL_SOURCES: readonly ModelSource[] = [tfjsRunSource];
