/**
 * A packed model file or manifest that cannot be used: not a packed file, truncated, failing its
 * hash, from a newer format version, or describing an impossible network. The message says which
 * and what to do.
 */
export class PackedFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackedFormatError';
  }
}
