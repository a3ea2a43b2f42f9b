/**
 * The `native` tfjs backend: the `cpu` backend's tensor storage (so every `cpu` kernel runs on it
 * unchanged) plus the oneDNN addon, recycled output buffers and the bookkeeping that lets the
 * batch-norm gradient run as one fused kernel.
 */
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { engine, util, type DataId, type TensorInfo, type backend_util } from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { BufferPool } from './buffer-pool.js';
import { Fusion } from './fusion.js';
import { MomentsTracker } from './moments.js';
import { snapshot } from './snapshot.js';
import { ValueSets, type ValueSet } from './value-sets.js';

/**
 * Released output arrays kept for reuse, at most this many bytes. A training step releases all
 * its intermediates at its end and allocates the same again in the next step, so the bound
 * should exceed one step's peak: what the pool holds is memory the next step would take anyway.
 */
const POOL_BYTES = 3 * 2 ** 30;

/** A freshly allocated kernel output: its tensor info and the array to write it into. */
export interface Output<A> {
  readonly info: TensorInfo;
  readonly values: A;
}

/** How often each kernel ran natively or fell back to `cpu` (for tests and profiling). */
export interface KernelCounts {
  native: number;
  fallback: number;
}

/** The `native` backend; see the package README for the buffer-reuse and fallback rules. */
export class NativeBackend extends MathBackendCPU {
  /** Float32 output arrays for reuse. */
  readonly pool = new BufferPool(POOL_BYTES);
  /** Bool (one byte per element) output arrays for reuse. */
  readonly boolPool = new BufferPool<Uint8Array>(POOL_BYTES / 4, 4096, (length) => new Uint8Array(length));
  /** What Mean, Sub and Square outputs were computed from. */
  readonly moments = new MomentsTracker();
  /** Deferred, fused element-wise outputs. */
  readonly fusion: Fusion = new Fusion(this);
  /** Which values tensors can hold, where that is a short list. */
  readonly values = new ValueSets();
  /** Per-kernel count of native runs and `cpu` fallbacks. */
  readonly counts = new Map<string, KernelCounts>();
  /** Data ids of tensors known to be all zeros (gradients that carry nothing). */
  private readonly zeroData = new WeakSet<DataId>();
  /** Shared all-zero arrays by length; read-only, never handed out by `readSync`. */
  private readonly zeroArrays = new Map<number, Float32Array>();
  private readonly zeroBuffers = new WeakSet<ArrayBufferLike>();
  /** Deferred outputs not computed yet, with the tensors their values will be computed from. */
  private readonly deferredSources = new WeakMap<DataId, readonly TensorInfo[]>();
  /** Depth of kernel calls in progress: reads inside a kernel do not make arrays escape. */
  private kernelDepth = 0;
  /** Outputs allocated by the native kernel now running, disposed if it throws. */
  private pending: TensorInfo[] = [];

  constructor(readonly addon: NativeAddon) {
    super();
  }

  /** Allocates an output of `shape`; float32 arrays come from the pool. */
  output(shape: readonly number[], dtype: 'float32'): Output<Float32Array>;
  output(shape: readonly number[], dtype: 'bool'): Output<Uint8Array>;
  output(shape: readonly number[], dtype: 'int32'): Output<Int32Array>;
  output(shape: readonly number[], dtype: 'float32' | 'bool'): Output<Float32Array | Uint8Array>;
  output(shape: readonly number[], dtype: 'float32' | 'bool' | 'int32'): Output<Float32Array | Uint8Array | Int32Array>;
  output(shape: readonly number[], dtype: 'float32' | 'bool' | 'int32'): Output<Float32Array | Uint8Array | Int32Array> {
    const size = util.sizeFromShape(shape as number[]);
    const values =
      dtype === 'float32' ? this.pool.acquire(size) : dtype === 'bool' ? this.boolPool.acquire(size) : new Int32Array(size);
    const info = this.makeTensorInfo(shape as number[], dtype, values);
    this.pending.push(info);
    return { info, values };
  }

  /**
   * An output whose values are computed only when something reads them (a kernel, or
   * `readSync`). Until then it holds no memory, and one reference to each of `sources`, the
   * tensors `compute` reads. Tensor data is immutable, so the values are the same whenever they
   * are computed.
   */
  deferred(
    shape: readonly number[],
    dtype: 'float32' | 'bool',
    sources: readonly TensorInfo[],
    compute: (out: Float32Array | Uint8Array) => void,
  ): TensorInfo {
    const info = this.makeTensorInfo(shape as number[], dtype);
    const size = util.sizeFromShape(shape as number[]);
    const held = sources.map(snapshot);
    for (const source of held) this.incRef(source.dataId);
    this.deferredSources.set(info.dataId, held);
    let values: backend_util.BackendValues | undefined;
    const materialise = (): backend_util.BackendValues => {
      const out = dtype === 'float32' ? this.pool.acquire(size) : this.boolPool.acquire(size);
      this.inKernel(() => compute(out));
      values = out;
      this.releaseSources(info.dataId);
      return out;
    };
    Object.defineProperty(this.data.get(info.dataId), 'values', {
      configurable: true,
      enumerable: true,
      get: (): backend_util.BackendValues => values ?? materialise(),
      set: (replacement: backend_util.BackendValues) => {
        values = replacement;
      },
    });
    return info;
  }

  /** Whether `info` is a deferred output whose values have not been computed yet. */
  isDeferred(info: TensorInfo): boolean {
    return this.deferredSources.has(info.dataId);
  }

  private releaseSources(dataId: DataId): void {
    const sources = this.deferredSources.get(dataId);
    if (sources === undefined) return;
    this.deferredSources.delete(dataId);
    for (const source of sources) {
      // The engine forgets data when its last tensor goes; a source outlived its tensors here,
      // so the engine is told now (its `numDataBuffers` stays right).
      if (this.disposeData(source.dataId)) engine().removeDataId(source.dataId, this);
    }
  }

  /** The values `info` can hold, or null when that is not a short known list. */
  valueSet(info: TensorInfo): ValueSet {
    return this.values.of(info, (t) => (this.valuesOf(t) as ArrayLike<number>)[0] as number);
  }

  /**
   * The scale s > 0 such that every value of `info` is known to be -s, 0 or s (1 for signs), or
   * null when there is none.
   */
  ternaryScale(info: TensorInfo): number | null {
    const values = this.valueSet(info);
    if (values === null) return null;
    const scale = Math.max(...values.map(Math.abs));
    if (!(scale > 0) || !Number.isFinite(scale)) return null;
    return values.every((v) => v === 0 || Math.abs(v) === scale) ? scale : null;
  }

  /** The backing array of a tensor (not an escape: the caller is a kernel). */
  valuesOf(info: TensorInfo): backend_util.BackendValues {
    return this.data.get(info.dataId)?.values as backend_util.BackendValues;
  }

  /** A tensor info sharing `info`'s data (one more reference), for kernels that change nothing. */
  identity(info: TensorInfo): TensorInfo {
    this.incRef(info.dataId);
    return { dataId: info.dataId, shape: info.shape, dtype: info.dtype };
  }

  /** A float32 zero tensor backed by a shared read-only array; known to be zero. */
  zeros(shape: readonly number[]): TensorInfo {
    const size = util.sizeFromShape(shape as number[]);
    let array = this.zeroArrays.get(size);
    if (array === undefined) {
      array = new Float32Array(size);
      this.zeroArrays.set(size, array);
      this.zeroBuffers.add(array.buffer);
    }
    const info = this.makeTensorInfo(shape as number[], 'float32', array);
    this.zeroData.add(info.dataId);
    return info;
  }

  /** Whether `info` is a tensor created by `zeros` (or shares its data). */
  isKnownZero(info: TensorInfo): boolean {
    return this.zeroData.has(info.dataId);
  }

  /** Runs a kernel body; reads of arrays during it are not escapes. */
  inKernel<T>(body: () => T): T {
    this.kernelDepth++;
    try {
      return body();
    } finally {
      this.kernelDepth--;
    }
  }

  /**
   * Runs a native kernel body. If it throws, the outputs it allocated are disposed (their arrays
   * may be half written, so they are not recycled) and the error propagates.
   */
  runNative<T>(body: () => T): T {
    this.pending = [];
    try {
      return this.inKernel(body);
    } catch (error) {
      for (const info of this.pending) {
        const values = this.valuesOf(info);
        if (ArrayBuffer.isView(values)) this.markEscaped(values);
        this.disposeData(info.dataId, true);
      }
      throw error;
    } finally {
      this.pending = [];
    }
  }

  /**
   * Marks pooled arrays that a non-native kernel's outputs view (a different data id over the
   * same memory), so they are never recycled under the view.
   */
  markViews(inputs: readonly TensorInfo[], outputs: readonly TensorInfo[]): void {
    for (const out of outputs) {
      if (inputs.some((input) => input.dataId === out.dataId)) continue;
      const values = this.data.get(out.dataId)?.values;
      if (ArrayBuffer.isView(values)) this.markEscaped(values);
    }
  }

  /** Counts a kernel run for `counts`. */
  count(kernelName: string, how: keyof KernelCounts): void {
    const entry = this.counts.get(kernelName) ?? { native: 0, fallback: 0 };
    entry[how]++;
    this.counts.set(kernelName, entry);
  }

  override readSync(dataId: DataId): backend_util.BackendValues {
    const values = super.readSync(dataId);
    if (this.kernelDepth > 0 || !ArrayBuffer.isView(values)) return values;
    if (this.zeroBuffers.has(values.buffer)) return (values as Float32Array).slice();
    this.markEscaped(values);
    return values;
  }

  override read(dataId: DataId): Promise<backend_util.BackendValues> {
    return Promise.resolve(this.readSync(dataId));
  }

  override disposeData(dataId: DataId, force = false): boolean {
    if (this.deferredSources.has(dataId)) {
      // Never computed: nothing to recycle, only the sources' references to drop.
      const released = super.disposeData(dataId, force);
      if (released) this.releaseSources(dataId);
      return released;
    }
    const values = this.data.get(dataId)?.values;
    const released = super.disposeData(dataId, force);
    if (released && ArrayBuffer.isView(values)) {
      if (values instanceof Float32Array) this.pool.release(values);
      else if (values instanceof Uint8Array) this.boolPool.release(values);
    }
    return released;
  }

  /** Records that `values` is visible outside the backend: its array is never recycled. */
  private markEscaped(values: ArrayBufferView): void {
    this.pool.markEscaped(values);
    this.boolPool.markEscaped(values);
  }

  override dispose(): void {
    this.pool.clear();
    this.boolPool.clear();
    this.zeroArrays.clear();
    super.dispose();
  }
}
