/** Shows training progress on a stream: a live bar on a terminal, a few plain lines otherwise. */
export class Progress {
  private lastPrinted = -1;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  /** Reports step `done` of `total` in epoch `epoch` (1-based for people) with live metrics. */
  update(epoch: number, epochs: number, done: number, total: number, loss: number, accuracy: number, imagesPerSecond: number, secondsLeft: number): void {
    const fraction = done / total;
    const text =
      `epoch ${epoch}/${epochs} ${bar(fraction)} ${String(Math.floor(fraction * 100)).padStart(3)}% ${done}/${total}` +
      ` loss ${loss.toFixed(4)} acc ${(accuracy * 100).toFixed(1)}% ${imagesPerSecond.toFixed(0)} img/s ETA ${formatSeconds(secondsLeft)}`;
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

  /** Ends the current bar and prints a line. */
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
