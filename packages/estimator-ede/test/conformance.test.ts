import { conformanceChecks, type ConformanceCase } from '@signflow/core/testing';
import { describe, it } from 'vitest';
import { plugin, type EDEConfig } from '../src/index.js';
import { referenceGrad } from './reference.js';

// The schedule's ends and middle (k following t), IR-Net's ResNet-20 start, and fixed k values.
const CONFIGS: EDEConfig[] = [{ t: 0.1 }, { t: 1 }, { t: 9.954054 }, { t: 1e-3 }, { t: 2, k: 3 }, { t: 0.5, k: 1 }];

describe('EDE conformance', () => {
  const cases: ConformanceCase[] = CONFIGS.map((config) => ({ config, referenceGrad: referenceGrad(config) }));
  for (const check of conformanceChecks({ plugin, cases })) it(check.name, check.run);
});
