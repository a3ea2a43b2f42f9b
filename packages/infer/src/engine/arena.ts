/**
 * Places a program's intermediate values in one per-image arena: a value gets a 64-byte aligned
 * block when it is produced and gives it back after its last use (first fit, blocks merged).
 */
export class ArenaPlanner {
  private free: { offset: number; size: number }[] = [];
  private top = 0;

  /** Bytes the arena needs. */
  get size(): number {
    return Math.max(this.top, 64);
  }

  /** A block of at least `bytes` bytes. */
  allocate(bytes: number): number {
    const size = Math.ceil(Math.max(bytes, 1) / 64) * 64;
    const index = this.free.findIndex((block) => block.size >= size);
    if (index >= 0) {
      const block = this.free[index];
      if (block.size === size) this.free.splice(index, 1);
      else this.free[index] = { offset: block.offset + size, size: block.size - size };
      return block.offset;
    }
    const offset = this.top;
    this.top += size;
    return offset;
  }

  /** Gives a block back. */
  release(offset: number, bytes: number): void {
    const size = Math.ceil(Math.max(bytes, 1) / 64) * 64;
    this.free.push({ offset, size });
    this.free.sort((a, b) => a.offset - b.offset);
    const merged: { offset: number; size: number }[] = [];
    for (const block of this.free) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last.offset + last.size === block.offset) last.size += block.size;
      else merged.push({ ...block });
    }
    this.free = merged;
  }
}
