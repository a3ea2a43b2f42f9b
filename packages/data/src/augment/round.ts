/**
 * Rounds halves to the nearest even integer, like Python's `round`, so that crop offsets and
 * sizes computed here equal torchvision's (`Math.round` would send 16.5 to 17, Python to 16).
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
