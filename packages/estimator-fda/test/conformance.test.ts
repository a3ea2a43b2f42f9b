import { conformanceChecks, type ConformanceCase } from '@signflow/core/testing';
import { describe, it } from 'vitest';
import { plugin, type FDAConfig } from '../src/index.js';
import { referenceGrad } from './reference.js';

const CONFIGS: FDAConfig[] = [
  { n: 4, T: 2 * Math.PI },
  { n: 1, T: 2 * Math.PI },
  { n: 2, T: 4 },
  { n: 10, T: 2 * Math.PI },
  { n: 3, T: 7.5 },
];

describe('FDA conformance', () => {
  const cases: ConformanceCase[] = CONFIGS.map((config) => ({ config, referenceGrad: referenceGrad(config) }));
  for (const check of conformanceChecks({ plugin, cases })) it(check.name, check.run);
});
