/**
 * How many photos the engine analyses at once, whichever door asks (the import queue, the CLI,
 * 200 concurrent API uploads): beyond a few, more parallel decodes only add memory (each holds a
 * full decode) and make every caller wait longer, because all finish together instead of in turn.
 * Callers with the same key (the same bytes) share one analysis instead of doing it twice.
 */
export class AnalysisGate<V> {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inFlight = new Map<string, Promise<V>>();

  constructor(private readonly slots: number) {}

  /** Runs `task` when a slot is free (first come, first served), or joins the same key's run. */
  run(key: string, task: () => Promise<V>): Promise<V> {
    const shared = this.inFlight.get(key);
    if (shared) return shared;
    const promise = this.acquire().then(async () => {
      try {
        return await task();
      } finally {
        this.release();
      }
    });
    this.inFlight.set(key, promise);
    // Forgotten once settled either way: the catalog remembers successes, and a failure is retried.
    const forget = () => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    };
    promise.then(forget, forget);
    return promise;
  }

  private acquire(): Promise<void> {
    if (this.running < this.slots) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
