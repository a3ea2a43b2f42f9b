/** A fraction as a percentage with two decimals, or an en dash when there is none. */
export function percent(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(2)} %` : '–';
}

/** A whole number with thousands separators, or an en dash. */
export function whole(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
}

/** A number to `digits` significant digits, or an en dash. */
export function significant(value: number | null | undefined, digits = 4): string {
  return typeof value === 'number' && Number.isFinite(value) ? Number(value.toPrecision(digits)).toString() : '–';
}
