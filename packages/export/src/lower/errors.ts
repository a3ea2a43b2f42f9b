/** The export formats. */
export type ExportFormat = 'tfjs' | 'onnx' | 'packed';

/** Every export format, in the order they are listed to users. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['tfjs', 'onnx', 'packed'];

/**
 * A model with a layer the requested format cannot express. `formats` lists the formats that can
 * export the whole model (possibly none).
 */
export class UnexportableLayerError extends Error {
  constructor(
    /** The layer's name. */
    readonly layer: string,
    /** Why the format cannot express it. */
    readonly reason: string,
    /** The format asked for. */
    readonly format: ExportFormat | 'any',
    /** Formats that can export the model. */
    readonly formats: readonly ExportFormat[],
  ) {
    const can = formats.length === 0 ? 'no export format can express it' : `formats that can: ${formats.join(', ')}`;
    super(`layer '${layer}' ${reason}; ${format === 'any' ? '' : `the ${format} format cannot express it; `}${can}.`);
    this.name = 'UnexportableLayerError';
  }
}
