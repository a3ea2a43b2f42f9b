import { conformanceChecks } from '@signflow/core/testing';
import { describe, it } from 'vitest';
import { plugin } from '../src/index.js';

/** The clipped identity of docs/method.md §5.1, decided in float32 like the tensors. */
const clippedIdentity = (clip: number) => (x: number): number => (Math.abs(x) <= Math.fround(clip) ? 1 : 0);

describe('STE conformance', () => {
  const cases = [1, 1.5, 0.3].map((clip) => ({ config: { clip }, referenceGrad: clippedIdentity(clip), specialPoints: [clip] }));
  for (const check of conformanceChecks({ plugin, cases })) it(check.name, check.run);
});
