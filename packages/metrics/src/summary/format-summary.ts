import type { LayerSummary, ModelSummary, OutputShape } from './types.js';

/** `1234567` → `1,234,567` (locale-independent, so snapshots are stable). */
export function groupDigits(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = Math.abs(n).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (n < 0 ? '-' : '') + grouped + (frac === undefined ? '' : `.${frac}`);
}

function kib(bytes: number): string {
  const [int, frac] = (bytes / 1024).toFixed(2).split('.');
  return `${groupDigits(Number(int))}.${frac}`;
}

function shapeText(shape: OutputShape): string {
  const one = (s: (number | null)[]) => `[${s.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
  return Array.isArray(shape[0]) ? (shape as (number | null)[][]).map(one).join(' ') : one(shape as (number | null)[]);
}

function bitsText(bits: number | null): string {
  return bits === null ? '-' : String(bits);
}

interface Column {
  readonly header: string;
  readonly align: 'left' | 'right';
  readonly cell: (row: LayerSummary) => string;
}

/**
 * The summary as an aligned text table (one row per layer) followed by the totals. Layers whose
 * precision is assumed rather than declared are marked with `*`; other caveats are listed as
 * notes under the table.
 */
export function formatSummary(s: ModelSummary): string {
  const bitWidths = Object.keys(s.totals.paramsByBits)
    .map(Number)
    .sort((a, b) => a - b);
  const columns: Column[] = [
    { header: 'Layer', align: 'left', cell: (r) => r.name },
    { header: 'Class', align: 'left', cell: (r) => r.className + (r.precision === 'assumed-32-bit' ? ' *' : '') },
    { header: 'In bits', align: 'right', cell: (r) => bitsText(r.inputBits) },
    { header: 'Kernel bits', align: 'right', cell: (r) => bitsText(r.kernelBits) },
    ...bitWidths.map<Column>((bits) => ({
      header: `${bits}-bit params`,
      align: 'right',
      cell: (r) => (r.paramsByBits[bits] === undefined ? '0' : groupDigits(r.paramsByBits[bits])),
    })),
    { header: 'Memory (KiB)', align: 'right', cell: (r) => kib(r.memoryBits / 8) },
    { header: 'Binary MACs', align: 'right', cell: (r) => groupDigits(r.binaryMacs) },
    { header: 'FP MACs', align: 'right', cell: (r) => groupDigits(r.floatMacs) },
    { header: 'Output shape', align: 'left', cell: (r) => shapeText(r.outputShape) },
  ];
  const cells = s.layers.map((row) => columns.map((c) => c.cell(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i].align === 'left' ? v.padEnd(widths[i]) : v.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1));

  const t = s.totals;
  const out = [`Model: ${s.name}`, rule, line(columns.map((c) => c.header)), rule, ...cells.map(line), rule];
  out.push(`Params: ${groupDigits(t.params)} (trainable ${groupDigits(t.trainableParams)}, non-trainable ${groupDigits(t.nonTrainableParams)})`);
  out.push(`  by bit-width: ${bitWidths.map((b) => `${b}-bit ${groupDigits(t.paramsByBits[b])}`).join(', ')}`);
  out.push(`  binary weights: ${groupDigits(t.binaryParams)}; kernel scale factors (32-bit): ${groupDigits(t.scaleFactors)}`);
  out.push(
    `Memory: ${kib(t.memoryBytes)} KiB; float-32 equivalent: ${kib(t.float32Bytes)} KiB; compression ratio: ${t.compressionRatio.toFixed(2)}x`,
  );
  out.push(`MACs per sample: binary ${groupDigits(t.binaryMacs)}, floating ${groupDigits(t.floatMacs)}`);
  if (t.undeclaredLayers.length > 0) out.push('* precision not declared by the layer; counted as 32-bit');
  const notes = s.layers.flatMap((r) => r.notes.map((n) => `  ${r.name}: ${n}`));
  if (notes.length > 0) out.push('Notes:', ...notes);
  return out.join('\n') + '\n';
}
