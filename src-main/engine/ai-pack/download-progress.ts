import type { AiPackComponent } from './ai-pack-manifest.js';

/** One progress report: the file being downloaded and the whole run. */
export type AiPackProgress = {
  component: string;
  file: string;
  fileBytesDone: number;
  /** Null until the manifest or the server tells the size. */
  fileBytesTotal: number | null;
  overallBytesDone: number;
  /**
   * Sum of the sizes of every file this run downloads. Sizes not known yet count with the
   * publisher's approximate size (`approxBytes`), so the total may move; `overallTotalExact` says
   * when it no longer can.
   */
  overallBytesTotal: number;
  overallTotalExact: boolean;
};

type FileState = { done: number; total: number; exact: boolean; lastSent: number };

/** Adds up per-file progress into run totals and rate-limits the calls to the listener. */
export class ProgressTracker {
  private readonly files = new Map<string, FileState>();

  constructor(
    components: AiPackComponent[],
    private readonly listener: ((progress: AiPackProgress) => void) | undefined,
    private readonly intervalMs: number,
  ) {
    for (const component of components) {
      for (const file of component.files) {
        const exact = file.bytes !== null;
        this.files.set(key(component.id, file.name), { done: 0, total: file.bytes ?? file.approxBytes ?? 0, exact, lastSent: -Infinity });
      }
    }
  }

  update(component: string, file: string, done: number, total: number | null): void {
    const state = this.files.get(key(component, file));
    if (!state) return;
    state.done = done;
    if (total !== null) {
      state.total = total;
      state.exact = true;
    }
    const now = performance.now();
    const first = state.lastSent === -Infinity;
    const last = total !== null && done >= total;
    if (!this.listener || (!first && !last && now - state.lastSent < this.intervalMs)) return;
    state.lastSent = now;
    let overallBytesDone = 0;
    let overallBytesTotal = 0;
    let overallTotalExact = true;
    for (const other of this.files.values()) {
      overallBytesDone += other.done;
      overallBytesTotal += Math.max(other.total, other.done);
      overallTotalExact &&= other.exact;
    }
    this.listener({ component, file, fileBytesDone: done, fileBytesTotal: total, overallBytesDone, overallBytesTotal, overallTotalExact });
  }
}

function key(component: string, file: string): string {
  return `${component}/${file}`;
}
