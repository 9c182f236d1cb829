import type { Logs } from './callbacks/callback.ts';

/** Where progress goes: process.stdout, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const BAR_WIDTH = 30;
/** Redraws at most this often (ms): each redraw reads the running sums from the device. */
export const REDRAW_INTERVAL = 150;

/**
 * Keras's progress display. verbose 1 on a terminal: a bar per epoch,
 * redrawn in place, with samples done, elapsed time, ETA and the running
 * loss and metrics; the final line adds the validation values. Not a
 * terminal (a pipe, a file), or verbose 2: one plain line per epoch.
 */
export class ProgressBar {
  private readonly live: boolean;
  private epochStart = 0;
  private lastDraw = -Infinity;

  constructor(
    private readonly stream: ProgressStream,
    private readonly verbose: number,
    private readonly epochs: number,
    private readonly samples: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.live = verbose === 1 && stream.isTTY === true;
  }

  epochBegin(epoch: number): void {
    this.epochStart = this.now();
    this.lastDraw = -Infinity;
    if (this.live) this.stream.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  /** Whether a redraw is due (live bars only, at most every REDRAW_INTERVAL ms). */
  due(): boolean {
    return this.live && this.now() - this.lastDraw >= REDRAW_INTERVAL;
  }

  /** Redraws the bar with `seen` samples done and the running values. */
  update(seen: number, logs: Logs): void {
    if (!this.live) return;
    const now = this.now();
    this.lastDraw = now;
    const elapsed = (now - this.epochStart) / 1000;
    const eta = seen > 0 ? (elapsed * (this.samples - seen)) / seen : 0;
    this.draw(`${this.counter(seen)} ${bar(seen / this.samples)} - ${formatDuration(elapsed)} - ETA: ${formatDuration(eta)}${formatLogs(logs)}`);
  }

  /** The epoch's last line: all samples, the time taken, and every value (validation included). */
  epochEnd(epoch: number, logs: Logs): void {
    if (this.verbose === 0) return;
    const seconds = (this.now() - this.epochStart) / 1000;
    const perSample = this.samples > 0 ? `${formatPerSample(seconds / this.samples)}/sample` : '';
    if (this.live) {
      this.draw(`${this.counter(this.samples)} ${bar(1)} - ${formatDuration(seconds)} ${perSample}${formatLogs(logs)}`);
      this.stream.write('\n');
    } else {
      this.stream.write(`Epoch ${epoch + 1}/${this.epochs} - ${this.samples} samples - ${formatDuration(seconds)} ${perSample}${formatLogs(logs)}\n`);
    }
  }

  private counter(seen: number): string {
    const total = String(this.samples);
    return `${String(seen).padStart(total.length)}/${total}`;
  }

  private draw(line: string): void {
    const width = this.stream.columns;
    const fitted = width && line.length >= width ? line.slice(0, width - 1) : line;
    // \r back to the line's start, \x1b[K clears what a longer previous line left.
    this.stream.write(`\r${fitted}\x1b[K`);
  }
}

function bar(fraction: number): string {
  const done = Math.min(BAR_WIDTH, Math.floor(fraction * BAR_WIDTH));
  if (done >= BAR_WIDTH) return `[${'='.repeat(BAR_WIDTH)}]`;
  return `[${'='.repeat(done)}>${'.'.repeat(BAR_WIDTH - done - 1)}]`;
}

/** ` - loss: 0.1234 - acc: 0.9000`; tiny values in exponent form, as Keras. */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([key, value]) => ` - ${key}: ${formatValue(value)}`)
    .join('');
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(4) : value.toFixed(4);
}

/** `0.4s`, `7s`, `1:05`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  if (seconds < 9.95) return `${Math.max(0, seconds).toFixed(seconds < 1 ? 2 : 1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}:${String(s % 60).padStart(2, '0')}`;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function formatPerSample(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(1)}s`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms`;
  return `${Math.round(seconds * 1e6)}us`;
}
