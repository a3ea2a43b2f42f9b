import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `export.json` in an export folder records. */
export interface ExportRecord {
  /** The exporter's format name: tfjs, onnx, packed, or another registered `ModelExporter`'s. */
  readonly format: string;
  /** The files of the export and their sizes in bytes. */
  readonly files: Record<string, number>;
  readonly source: Record<string, unknown>;
  readonly classes?: string[];
  readonly preprocessing?: { readonly dataset?: string; readonly mean: number[]; readonly std: number[] };
  /**
   * The summary of the exported model at export time: its memory, the packed file it predicts
   * (in packed exports; absent in records written before the prediction existed) and its text.
   */
  readonly summary: { readonly memoryBytes: number; readonly packedFileBytes?: number; readonly text: string };
  readonly inputShape: number[];
}

/** The file `signflow export` writes beside the model files. */
export const EXPORT_RECORD = 'export.json';

/** The export record of `dir`, or null when `dir` is not an export folder. */
export function readExportRecord(dir: string): ExportRecord | null {
  const path = join(dir, EXPORT_RECORD);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as ExportRecord;
}
