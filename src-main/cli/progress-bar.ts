/**
 * A one-line progress bar on stderr, redrawn in place. Only drawn on a terminal, so piped or
 * redirected output (and CI logs) stay clean.
 */
export class ProgressBar {
  private drawn = false;
  private readonly startedAt = performance.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}

  update(done: number, label: string): void {
    if (!this.enabled) return;
    const width = 30;
    const filled = Math.round((done / Math.max(1, this.total)) * width);
    const seconds = (performance.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const columns = this.stream.columns ?? 100;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${rate.toFixed(1)} img/s ${label}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
    this.drawn = true;
  }

  /** Removes the bar so that a line written next starts clean. */
  clear(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
