/** Where training stands within an epoch, for a live display. */
export interface StepProgress {
  /** 1-based epoch, of `epochs`. */
  readonly epoch: number;
  readonly epochs: number;
  /** Steps done in this epoch, of `steps`. */
  readonly done: number;
  readonly steps: number;
  /** Running mean loss and training accuracy of the epoch. */
  readonly loss: number;
  readonly accuracy: number;
  readonly imagesPerSecond: number;
  /** Estimated seconds to the end of the epoch. */
  readonly secondsLeft: number;
}

/** Shows a run's progress to people. */
export interface ProgressReporter {
  /** Reports the step just done. */
  update(progress: StepProgress): void;
  /** Ends the live display and prints a line (e.g. an epoch's summary). */
  line(text: string): void;
}

/** Progress on a stream: a live bar on a terminal, a line per quarter epoch otherwise. */
export class StreamProgress implements ProgressReporter {
  private lastPrinted = -1;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(p: StepProgress): void {
    const fraction = p.done / p.steps;
    const text =
      `epoch ${p.epoch}/${p.epochs} ${bar(fraction)} ${String(Math.floor(fraction * 100)).padStart(3)}% ${p.done}/${p.steps}` +
      ` loss ${p.loss.toFixed(4)} acc ${(p.accuracy * 100).toFixed(1)}% ${p.imagesPerSecond.toFixed(0)} img/s ETA ${formatSeconds(p.secondsLeft)}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${text}\x1b[K`);
    } else {
      const quarter = Math.floor(fraction * 4);
      if (quarter !== this.lastPrinted) {
        this.lastPrinted = quarter;
        this.stream.write(`${text}\n`);
      }
    }
  }

  line(text: string): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
    this.lastPrinted = -1;
    this.stream.write(`${text}\n`);
  }
}

function bar(fraction: number, width = 20): string {
  const filled = Math.round(fraction * width);
  return `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}]`;
}

/** h:mm:ss or m:ss. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
