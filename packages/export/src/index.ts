/**
 * Exports signflow models for deployment: a stock TensorFlow.js GraphModel, ONNX, and signflow's
 * packed binary format (run by `@signflow/infer`). Every format is written from one inference
 * graph (`lowerModel`), with quantised weights already applied.
 *
 * @packageDocumentation
 */
export { EXPORT_FORMATS, UnexportableLayerError, type ExportFormat } from './lower/errors.js';
export type { IrBatchNorm, IrConv2D, IrDense, IrGraph, IrOp, IrPlainOp, IrWeights } from './lower/graph.js';
export { lowerModel } from './lower/lower-model.js';
export { foldBatchNorm } from './lower/fold.js';
export { isSignEstimator } from './lower/estimators.js';
export { predictPackedSize, writePacked, type PackedMetadata, type PackedSizePrediction } from './packed/write-packed.js';
export { writeTfjs, TFJS_WEIGHTS_FILE, type TfjsExport } from './tfjs/write-tfjs.js';
export { writeOnnx, ONNX_OPSET } from './onnx/write-onnx.js';
export { foldIntoFloatLayers } from './lower/fold-float.js';
export { writeFilesAtomically } from './files.js';
export { exportModel, type ExportOptions, type ExportResult } from './export-model.js';
