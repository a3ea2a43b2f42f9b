const counters = new Map<string, number>();

/**
 * A unique default layer name such as `batch_norm_3`. tfjs derives default names from the class
 * name, which for namespaced classes (`signflow>BatchNorm`) is not a valid tensor name.
 */
export function defaultLayerName(prefix: string): string {
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  return `${prefix}_${n}`;
}
