import type { GridCell } from './expand-grid.js';

/** `[3/12] estimator=reste backbone=resnet20 oEnd=3 seed=1`. */
export function cellLabel(cell: GridCell, total: number): string {
  return `[${cell.index + 1}/${total}] ${describeAxes(cell.axes)}`;
}

/** `estimator=reste backbone=resnet20 oEnd=3 seed=1`. */
export function describeAxes(axes: Readonly<Record<string, unknown>>): string {
  return Object.entries(axes)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}
