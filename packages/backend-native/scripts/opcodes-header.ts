/**
 * Writes native/opcodes.h, the C++ enums of the element-wise operation codes, from
 * src/opcodes.ts. Usage (in packages/backend-native): npx tsx scripts/opcodes-header.ts
 * (test/opcodes.test.ts fails while the header differs from what this writes).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPCODE_ENUMS } from '../src/opcodes.js';

/** Where the header lives. */
export const OPCODES_HEADER = fileURLToPath(new URL('../native/opcodes.h', import.meta.url));

/** The header's text. */
export function opcodesHeader(): string {
  const enums = OPCODE_ENUMS.map(({ name, ops }) => {
    const entries = ops.map((op, code) => `  k${op} = ${code},`).join('\n');
    return `enum ${name} : int {\n${entries}\n};`;
  });
  return [
    '// Generated from src/opcodes.ts by scripts/opcodes-header.ts; do not edit.',
    '// The codes of the element-wise operations, shared with the TypeScript kernels.',
    '#pragma once',
    '',
    'namespace signflow {',
    '',
    ...enums.flatMap((e) => [e, '']),
    '}  // namespace signflow',
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OPCODES_HEADER, opcodesHeader());
}
