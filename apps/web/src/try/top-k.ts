/** One class of a prediction. */
export interface ClassScore {
  readonly index: number;
  readonly name: string;
  readonly probability: number;
}

/** The `k` most probable classes, most probable first (ties: lower index first). */
export function topK(probabilities: ArrayLike<number>, classNames: readonly string[], k = 5): ClassScore[] {
  return Array.from(probabilities, (probability, index) => ({ index, name: classNames[index] ?? `class ${index}`, probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
}
