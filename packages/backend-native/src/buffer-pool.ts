/**
 * Recycles the typed arrays that native kernels write their outputs into.
 *
 * Touching a fresh page is expensive (a new 8 MB array costs ~25 ms on a small VM, a reused one
 * ~0.3 ms), and a training step allocates the same shapes every time, so released arrays are kept
 * per length and handed out again.
 *
 * The rule that keeps this safe: an array is recycled only if nothing outside the backend can
 * still read it. The backend marks an array *escaped*, and it is then never recycled, when
 * - its values leave the backend (`readSync`/`read`, which is what `dataSync()`, `data()`,
 *   `array()` and moving the tensor to another backend use: they return the backing array), or
 * - a kernel that is not the backend's own returns a view of it (the cpu `Slice` kernel, for
 *   example, returns a `subarray` of its input).
 * Everything else reads an array only while a kernel runs, and a kernel only runs on live tensors.
 */
export class BufferPool<A extends Float32Array | Uint8Array = Float32Array> {
  private readonly free = new Map<number, A[]>();
  /** Every free array, oldest release first, for evicting sizes that stopped being used. */
  private readonly released = new Set<A>();
  private readonly owned = new WeakSet<ArrayBufferLike>();
  private readonly escaped = new WeakSet<ArrayBufferLike>();
  private freeBytes = 0;

  /**
   * @param maxFreeBytes upper bound on the memory held by released, not yet reused arrays
   * @param minLength arrays shorter than this are not worth pooling (cheap to allocate)
   * @param allocate makes a new array of a given length (`Float32Array` by default)
   */
  constructor(
    private readonly maxFreeBytes: number,
    private readonly minLength = 1024,
    private readonly allocate: (length: number) => A = (length) => new Float32Array(length) as A,
  ) {}

  /** An array of `length` elements with arbitrary contents; the caller overwrites all. */
  acquire(length: number): A {
    const list = this.free.get(length);
    const reused = list?.pop();
    if (reused !== undefined) {
      this.released.delete(reused);
      this.freeBytes -= reused.byteLength;
      return reused;
    }
    const array = this.allocate(length);
    if (length >= this.minLength) this.owned.add(array.buffer);
    return array;
  }

  /** Whether `array` shares memory with an array this pool handed out. */
  owns(array: ArrayBufferView): boolean {
    return this.owned.has(array.buffer);
  }

  /** Records that `array`'s memory is visible outside the backend: it is never recycled. */
  markEscaped(array: ArrayBufferView): void {
    if (this.owned.has(array.buffer)) this.escaped.add(array.buffer);
  }

  /** Takes back an array whose tensor was disposed, unless it escaped or the pool is full. */
  release(array: ArrayBufferView): void {
    const buffer = array.buffer;
    if (!this.owned.has(buffer) || this.escaped.has(buffer)) return;
    if (array.byteOffset !== 0 || array.byteLength !== buffer.byteLength) return;
    if (array.byteLength > this.maxFreeBytes) return;
    // Over budget, the longest-waiting arrays go first: their sizes are the least likely to
    // come back (a different batch size, a finished phase).
    for (const oldest of this.released) {
      if (this.freeBytes + array.byteLength <= this.maxFreeBytes) break;
      this.evict(oldest);
    }
    // Owned buffers were all made by `allocate`, so this is an A of the same length as before.
    const pooled = array as A;
    const list = this.free.get(pooled.length) ?? [];
    list.push(pooled);
    this.free.set(pooled.length, list);
    this.released.add(pooled);
    this.freeBytes += array.byteLength;
  }

  private evict(array: A): void {
    const list = this.free.get(array.length) ?? [];
    list.splice(list.indexOf(array), 1);
    if (list.length === 0) this.free.delete(array.length);
    this.released.delete(array);
    this.freeBytes -= array.byteLength;
  }

  /** Bytes held by released arrays waiting for reuse. */
  get heldBytes(): number {
    return this.freeBytes;
  }

  /** Drops every released array (the memory goes back to the garbage collector). */
  clear(): void {
    this.free.clear();
    this.released.clear();
    this.freeBytes = 0;
  }
}
