import { el } from '../ui/dom.js';

/** Side of the drawing canvas in canvas pixels (ten times MNIST's 28). */
const SIDE = 280;

/**
 * A square canvas to draw on with mouse, pen or finger: white ink on black, as MNIST digits are.
 * Calls `onStroke` when a stroke ends.
 */
export class DrawCanvas {
  readonly canvas = el('canvas', { width: SIDE, height: SIDE, className: 'draw', 'aria-label': 'drawing area: draw a digit' });
  private readonly context: CanvasRenderingContext2D;
  private last: { x: number; y: number } | null = null;

  constructor(private readonly onStroke: () => void) {
    this.context = this.canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    this.clear();
    this.canvas.addEventListener('pointerdown', (e) => {
      this.canvas.setPointerCapture(e.pointerId);
      this.last = this.point(e);
      this.line(this.last, this.last);
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (this.last === null) return;
      const next = this.point(e);
      this.line(this.last, next);
      this.last = next;
    });
    const end = (): void => {
      if (this.last === null) return;
      this.last = null;
      this.onStroke();
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
  }

  /** Wipes the drawing. */
  clear(): void {
    this.context.fillStyle = 'black';
    this.context.fillRect(0, 0, SIDE, SIDE);
  }

  /** One intensity (0–255) per canvas pixel, row by row, and the side. */
  intensities(): { gray: Uint8Array; side: number } {
    const { data } = this.context.getImageData(0, 0, SIDE, SIDE);
    const gray = new Uint8Array(SIDE * SIDE);
    for (let i = 0; i < gray.length; i++) gray[i] = data[i * 4];
    return { gray, side: SIDE };
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) / rect.width) * SIDE, y: ((e.clientY - rect.top) / rect.height) * SIDE };
  }

  private line(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const c = this.context;
    c.strokeStyle = 'white';
    // About the stroke width of MNIST digits once the drawing is shrunk to 20 pixels.
    c.lineWidth = 20;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
  }
}
