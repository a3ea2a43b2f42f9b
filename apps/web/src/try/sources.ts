import { packedSource } from './packed-source.js';
import { tfjsRunSource } from './tfjs-run-source.js';
import type { ModelSource } from './model-source.js';

/** The model sources the page offers, in the order their models are listed: runs' checkpoints, then packed exports. */
export const MODEL_SOURCES: readonly ModelSource[] = [tfjsRunSource, packedSource];
