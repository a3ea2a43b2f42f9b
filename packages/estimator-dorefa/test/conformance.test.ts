import { conformanceChecks, type ConformanceCase } from '@signflow/core/testing';
import { describe, it } from 'vitest';
import { plugin } from '../src/index.js';
import { activationForward, activationGrad, quantizeK } from './reference.js';

// The kit's inputs include ±10, where float32 tanh is exactly 1: over those inputs
// max|tanh(w)| = 1, so the k-bit weight quantiser is elementwise, 2·quantize_k(tanh(w)/2 + 1/2) − 1,
// its gradient is sech²(w), and the path through the max carries sech²(±10) = 0.
const KIT_MAX_TANH = 1;

const cases: ConformanceCase[] = [
  { config: { bits: 1, mode: 'weights' }, referenceGrad: () => 1 },
  ...[2, 3, 8].map((bits) => ({
    config: { bits, mode: 'weights' },
    referenceForward: (w: number) => 2 * quantizeK(Math.tanh(w) / KIT_MAX_TANH / 2 + 0.5, bits) - 1,
    referenceGrad: (w: number) => (1 - Math.tanh(w) ** 2) / KIT_MAX_TANH,
  })),
  ...[1, 2, 4].map((bits) => ({
    config: { bits, mode: 'activations' },
    referenceForward: activationForward(bits),
    referenceGrad: activationGrad,
    specialPoints: [0, 1],
  })),
];

describe('DoReFa conformance', () => {
  for (const check of conformanceChecks({ plugin, cases })) it(check.name, check.run);
});
