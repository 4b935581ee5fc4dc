/**
 * One promise per key: concurrent callers share it, and it is kept once it succeeds (a model
 * converted, a session created, the AI pack loaded). A rejected one is forgotten, so the next call
 * tries again — after the user fixes a file, say — instead of failing forever.
 */
export class SharedPromises<K, V> {
  private readonly entries = new Map<K, Promise<V>>();

  get(key: K, create: () => Promise<V>): Promise<V> {
    let promise = this.entries.get(key);
    if (!promise) {
      promise = create();
      this.entries.set(key, promise);
      const held = promise;
      held.catch(() => {
        if (this.entries.get(key) === held) this.entries.delete(key);
      });
    }
    return promise;
  }

  /** Every promise held now; they are forgotten (for closing what they hold). */
  takeAll(): Array<Promise<V>> {
    const all = [...this.entries.values()];
    this.entries.clear();
    return all;
  }
}
