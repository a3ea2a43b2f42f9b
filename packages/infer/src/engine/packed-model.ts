import { readPackedFile } from '../format/container.js';
import type { PackedManifest } from '../format/manifest.js';
import { compileProgram, type CompiledProgram } from './compile.js';
import type { InferAddon } from './native-addon.js';
import { WasmEngine } from './wasm-engine.js';

/** Where a packed model runs: the Node addon (AVX-512 VPOPCNTDQ / AVX2) or WebAssembly. */
export type EngineName = 'native' | 'wasm';

/** Options of {@link PackedModel.load}. */
export interface PackedLoadOptions {
  /** `auto` (the default): `native` when the addon loads, else `wasm`. */
  readonly engine?: 'auto' | EngineName;
  /** Threads of the native engine; default: the machine's available parallelism. */
  readonly threads?: number;
  /** Names the model in error messages, e.g. its path. */
  readonly what?: string;
}

interface NativeModule {
  loadInferAddon(): InferAddon | null;
  inferAddonUnavailableReason(): string | null;
  defaultThreads(): number;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

async function nativeModule(): Promise<NativeModule | null> {
  return isNode ? ((await import('./native-addon.js')) as NativeModule) : null;
}

/**
 * Whether the native engine is available, and if not, why (null when it is): the addon is an
 * optional build (`npm run build:native -w packages/infer`); browsers always use WebAssembly.
 */
export async function nativeEngineStatus(): Promise<{ available: boolean; reason: string | null; isa: string | null }> {
  const native = await nativeModule();
  if (native === null) return { available: false, reason: 'the native engine needs Node.js', isa: null };
  const addon = native.loadInferAddon();
  return { available: addon !== null, reason: native.inferAddonUnavailableReason(), isa: addon?.isa() ?? null };
}

/**
 * A packed model ready to run: read and verified ({@link readPackedFile}), compiled for the
 * engine, and bound to the native addon or a WebAssembly instance. Nothing of TensorFlow.js is
 * needed.
 *
 * @example
 * ```ts
 * const model = await PackedModel.load(bytes);
 * const logits = model.predict(images, batch); // images: NHWC float32, normalised
 * ```
 */
export class PackedModel {
  private constructor(
    /** The model's manifest. */
    readonly manifest: PackedManifest,
    /** The engine it runs on. */
    readonly engine: EngineName,
    private readonly compiled: CompiledProgram,
    private readonly runner: (input: Float32Array, batch: number) => Float32Array,
  ) {}

  /**
   * Reads, verifies and compiles a packed model.
   *
   * @throws PackedFormatError when the file is not a packed model, is truncated, fails its hash,
   *   comes from a newer format version or describes a network the engine cannot run.
   * @throws Error when `engine: 'native'` is asked for and the addon is unavailable.
   */
  static async load(bytes: Uint8Array, options: PackedLoadOptions = {}): Promise<PackedModel> {
    const { manifest, payload } = await readPackedFile(bytes, options.what);
    const compiled = compileProgram(manifest, payload);
    const wanted = options.engine ?? 'auto';
    const native = wanted === 'wasm' ? null : await nativeModule();
    const addon = native?.loadInferAddon() ?? null;
    if (wanted === 'native' && addon === null) {
      throw new Error(`The native packed engine is unavailable: ${native?.inferAddonUnavailableReason() ?? 'it needs Node.js'}.`);
    }
    if (addon !== null && native !== null) {
      const threads = options.threads ?? native.defaultThreads();
      const run = (input: Float32Array, batch: number): Float32Array => {
        checkInput(input, batch, compiled.inputSize);
        const output = new Float32Array(batch * compiled.outputSize);
        addon.run(compiled.program, compiled.weights, compiled.arenaBytes, input, compiled.inputSize, output, compiled.outputSize, batch, threads);
        return output;
      };
      return new PackedModel(manifest, 'native', compiled, run);
    }
    const wasm = await WasmEngine.create(compiled.program, compiled.weights, compiled.arenaBytes, compiled.inputSize, compiled.outputSize);
    return new PackedModel(manifest, 'wasm', compiled, (input, batch) => {
      checkInput(input, batch, compiled.inputSize);
      return wasm.run(input, batch);
    });
  }

  /** The input shape without the batch axis. */
  get inputShape(): number[] {
    return [...this.manifest.input.shape];
  }

  /** Logits per image. */
  get outputSize(): number {
    return this.compiled.outputSize;
  }

  /** How many layers run as xnor-popcount, as binary weights on real inputs, and in float. */
  get layerKinds(): CompiledProgram['layers'] {
    return this.compiled.layers;
  }

  /** Logits of `batch` images given as NHWC float32 (already normalised), image after image. */
  predict(input: Float32Array, batch: number): Float32Array {
    return this.runner(input, batch);
  }
}

function checkInput(input: Float32Array, batch: number, inputSize: number): void {
  if (!Number.isInteger(batch) || batch < 1 || input.length !== batch * inputSize) {
    throw new RangeError(`predict: expected ${batch} images of ${inputSize} values (${batch * inputSize} floats), got ${input.length}.`);
  }
}
