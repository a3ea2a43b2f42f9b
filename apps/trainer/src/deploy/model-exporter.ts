import type { LayersModel } from '@tensorflow/tfjs-layers';
import { EXPORT_FORMATS, exportModel, type ExportFormat, type ExportOptions } from '@signflow/export';

/** What an exporter is told about the model besides its weights (classes, normalisation, source run). */
export type ExportMetadata = Omit<ExportOptions, 'format'>;

/**
 * One format of `signflow export` (multi-registered under `TOKENS.ModelExporter`): the command
 * offers every registered exporter by its `format` name and writes the files it returns, with
 * `export.json`, into the output folder atomically.
 */
export interface ModelExporter {
  /** The name `--format` takes and `export.json` records. */
  readonly format: string;
  /** One line for the command's usage text. */
  readonly summary: string;
  /** The export's files by name. Throws `UnexportableLayerError` for a model the format cannot express. */
  write(model: LayersModel, metadata: ExportMetadata): Promise<Record<string, Uint8Array | string>>;
}

/** A format of `@signflow/export`, which lowers the model once and writes it. */
export class SignflowFormat implements ModelExporter {
  constructor(
    readonly format: ExportFormat,
    readonly summary: string,
  ) {}

  async write(model: LayersModel, metadata: ExportMetadata): Promise<Record<string, Uint8Array | string>> {
    return (await exportModel(model, { ...metadata, format: this.format })).files;
  }
}

/** The usage line of each of `@signflow/export`'s formats (a new format fails to compile until it has one). */
const FORMAT_SUMMARIES: Readonly<Record<ExportFormat, string>> = {
  tfjs: 'a GraphModel stock @tensorflow/tfjs runs (model.json + weights.bin)',
  onnx: 'standard ONNX operators (model.onnx)',
  packed: "signflow's bit-packed format for @signflow/infer (model.sfpk)",
};

/** The formats signflow ships, in `@signflow/export`'s order. */
export const FIRST_PARTY_EXPORTERS: readonly ModelExporter[] = EXPORT_FORMATS.map((format) => new SignflowFormat(format, FORMAT_SUMMARIES[format]));
