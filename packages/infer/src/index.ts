/**
 * signflow's deployable binary format and its inference engine: the packed file (bit-packed
 * binary weights, folded batch norms, float first and last layers, a JSON manifest with a
 * SHA-256 of the weights) and an xnor + popcount engine, native (AVX-512 VPOPCNTDQ / AVX2 addon)
 * and WebAssembly. Nothing of TensorFlow.js is needed at run time.
 *
 * @packageDocumentation
 */
export { PackedFormatError } from './format/errors.js';
export {
  PACKED_FORMAT,
  PACKED_FORMAT_VERSION,
  type AffineOp,
  type BinaryWeights,
  type Conv2DOp,
  type DenseOp,
  type FloatWeights,
  type FoldedBatchNorm,
  type PackedInput,
  type PackedManifest,
  type PackedOp,
  type PlainOp,
  type Preprocessing,
  type TensorRef,
} from './format/manifest.js';
export { packedFileLayout, readPackedFile, writePackedFile, type ManifestDraft, type PackedFile } from './format/container.js';
export { isNegativeBit, packedBytes, packSigns } from './format/bits.js';
export { nativeEngineStatus, PackedModel, type EngineName, type PackedLoadOptions } from './engine/packed-model.js';
export type { CompiledProgram } from './engine/compile.js';
