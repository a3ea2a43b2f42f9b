import { conformanceChecks, type ConformanceCase } from '@signflow/core/testing';
import { describe, it } from 'vitest';
import { plugin, type DSQConfig } from '../src/index.js';
import { referenceGrad } from './reference.js';

// From nearly the clipped STE (α = 0.9) to nearly sign (α = 0.01), the default 0.2 included.
const CONFIGS: DSQConfig[] = [{ alpha: 0.2 }, { alpha: 0.5 }, { alpha: 0.9 }, { alpha: 0.05 }, { alpha: 0.01 }];

describe('DSQ conformance', () => {
  // ±1 are the clip points, where γ drops to 0; the kit also checks their float32 neighbours.
  const cases: ConformanceCase[] = CONFIGS.map((config) => ({ config, referenceGrad: referenceGrad(config), specialPoints: [1] }));
  for (const check of conformanceChecks({ plugin, cases })) it(check.name, check.run);
});
