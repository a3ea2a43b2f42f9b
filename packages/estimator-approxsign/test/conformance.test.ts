import { conformanceChecks } from '@signflow/core/testing';
import { describe, it } from 'vitest';
import { plugin } from '../src/index.js';
import { referenceGrad } from './reference.js';

describe('ApproxSign conformance', () => {
  // |x| = 1 is where γ reaches 0; the kit also checks its float32 neighbours.
  const cases = [{ config: {}, referenceGrad, specialPoints: [1] }];
  for (const check of conformanceChecks({ plugin, cases })) it(check.name, check.run);
});
