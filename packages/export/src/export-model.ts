import type { LayersModel } from '@tensorflow/tfjs-layers';
import { EXPORT_FORMATS, UnexportableLayerError, type ExportFormat } from './lower/errors.js';
import type { IrGraph } from './lower/graph.js';
import { lowerModel } from './lower/lower-model.js';
import { writeOnnx } from './onnx/write-onnx.js';
import { checkPackable, writePacked, type PackedMetadata } from './packed/write-packed.js';
import { TFJS_WEIGHTS_FILE, writeTfjs } from './tfjs/write-tfjs.js';

/** Options of {@link exportModel}. */
export interface ExportOptions extends PackedMetadata {
  readonly format: ExportFormat;
}

/** The files of an export, by name, ready to be written into its folder. */
export interface ExportResult {
  readonly format: ExportFormat;
  readonly files: Record<string, Uint8Array | string>;
  /** The inference graph the files were written from. */
  readonly graph: IrGraph;
}

/** The file names each format writes. */
const FILES: Record<ExportFormat, string> = { tfjs: 'model.json', onnx: 'model.onnx', packed: 'model.sfpk' };

/** The formats that can express every operation of `graph`. */
function formatsFor(graph: IrGraph): ExportFormat[] {
  return EXPORT_FORMATS.filter((format) => {
    if (format !== 'packed') return !graph.ops.some((op) => op.op === 'permute');
    try {
      checkPackable(graph, []);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Exports `model` in `format`: lowers it once, checks that the format can express it, and
 * returns the files (tfjs: model.json + weights.bin; onnx: model.onnx; packed: model.sfpk).
 *
 * @throws UnexportableLayerError naming the layer and the formats that can export the model.
 */
export async function exportModel(model: LayersModel, options: ExportOptions): Promise<ExportResult> {
  const graph = lowerModel(model);
  const can = formatsFor(graph);
  if (!can.includes(options.format)) {
    try {
      if (options.format === 'packed') checkPackable(graph, can);
      const permute = graph.ops.find((op) => op.op === 'permute');
      if (permute !== undefined) throw new UnexportableLayerError(permute.layers[0], 'permutes axes other than before a flatten', options.format, can);
    } catch (error) {
      if (error instanceof UnexportableLayerError) throw new UnexportableLayerError(error.layer, error.reason, options.format, can);
      throw error;
    }
  }
  const metadata: PackedMetadata = { classes: options.classes, preprocessing: options.preprocessing, source: options.source };
  switch (options.format) {
    case 'tfjs': {
      const { modelJson, weights } = writeTfjs(graph, { ...metadata });
      return { format: 'tfjs', graph, files: { [FILES.tfjs]: JSON.stringify(modelJson), [TFJS_WEIGHTS_FILE]: weights } };
    }
    case 'onnx':
      return { format: 'onnx', graph, files: { [FILES.onnx]: writeOnnx(graph) } };
    case 'packed':
      return { format: 'packed', graph, files: { [FILES.packed]: await writePacked(graph, metadata) } };
  }
}
