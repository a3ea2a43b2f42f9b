import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPCODES_HEADER, opcodesHeader } from '../scripts/opcodes-header.js';
import { BINARY_OPS, TERNARY_OPS, UNARY_OPS } from '../src/opcodes.js';

describe('the operation codes shared with the addon', () => {
  it('are the ones native/opcodes.h declares (regenerate it with `npx tsx scripts/opcodes-header.ts`)', () => {
    expect(readFileSync(OPCODES_HEADER, 'utf8')).toBe(opcodesHeader());
  });

  it('name every operation once', () => {
    for (const ops of [UNARY_OPS, BINARY_OPS, TERNARY_OPS] as readonly (readonly string[])[]) expect(new Set(ops).size).toBe(ops.length);
  });

  it('are the ones the element-wise kernels use, as C++ enumerators', () => {
    const source = readFileSync(new URL('../native/elementwise.cc', import.meta.url), 'utf8');
    const used = new Set([...source.matchAll(/case k(\w+):/g)].map((m) => m[1] as string));
    for (const op of [...UNARY_OPS, ...BINARY_OPS, ...TERNARY_OPS]) expect(used.has(op), op).toBe(true);
  });
});
