import { conformanceChecks } from '@signflow/core/testing';
import { describe, it } from 'vitest';
import { plugin } from '../src/index.js';
import { referenceGamma } from './reference.js';

describe('ReSTE conformance', () => {
  const cases = [
    { o: 1, t: 1.5, m: 0.1 },
    { o: 1.5, t: 1.5, m: 0.1 },
    { o: 2, t: 1.5, m: 0.1 },
    { o: 3, t: 1.5, m: 0.1 },
    { o: 10, t: 1.5, m: 0.1 },
    { o: 2.5, t: 1, m: 0.3 },
  ].map((config) => ({
    config,
    referenceGrad: referenceGamma(config.o, config.t, config.m),
    specialPoints: [config.m, config.t],
  }));
  for (const check of conformanceChecks({ plugin, cases })) it(check.name, check.run);
});
