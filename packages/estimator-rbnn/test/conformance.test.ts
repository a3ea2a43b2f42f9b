import { conformanceChecks, type ConformanceCase } from '@signflow/core/testing';
import { describe, it } from 'vitest';
import { plugin, type RBNNConfig } from '../src/index.js';
import { edgeOf, referenceGrad } from './reference.js';

// The schedule's ends and middle for both modes (k following t), and a fixed k.
const CONFIGS: (Partial<RBNNConfig> & { t: number })[] = [
  { mode: 'weights', t: 0.01 },
  { mode: 'weights', t: 0.3 },
  { mode: 'weights', t: 9.93116 },
  { mode: 'weights', t: 2, k: 0.5 },
  { mode: 'activations', t: 0.01 },
  { mode: 'activations', t: 1.7 },
  { mode: 'activations', t: 9.93116 },
];

describe('RBNN conformance', () => {
  const cases: ConformanceCase[] = CONFIGS.map((config) => ({
    config,
    referenceGrad: referenceGrad(config),
    // Where the triangle reaches 0; the kit also checks its float32 neighbours.
    specialPoints: [edgeOf(config)],
  }));
  for (const check of conformanceChecks({ plugin, cases })) it(check.name, check.run);
});
