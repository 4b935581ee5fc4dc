import type { AppEventListener } from '../../src-preload/contract/ipc-contract.js';
import type { AppEvent, ImportStatus } from '../../src-preload/contract/library-types.js';

/** At most ~8 progress events a second: enough for a smooth bar, few enough not to flood IPC. */
const PROGRESS_INTERVAL_MS = 125;
/** Photo ids changed within this window go out as one event (an import touches many at once). */
const PHOTO_BATCH_MS = 150;

/**
 * The service's push channel. Listeners that throw are the listener's bug: logged, never allowed to
 * break the import loop that emitted.
 */
export class ServiceEvents {
  private readonly listeners = new Set<AppEventListener>();
  private changedIds = new Set<number>();
  private changedTimer: NodeJS.Timeout | null = null;
  private foldersDirty = false;
  private lastProgressAt = 0;
  private progressTimer: NodeJS.Timeout | null = null;
  private pendingStatus: (() => ImportStatus) | null = null;

  constructor(private readonly log: (line: string) => void) {}

  subscribe(listener: AppEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log(`event listener failed on ${event.type}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  photosChanged(ids: number[]): void {
    for (const id of ids) this.changedIds.add(id);
    if (this.changedIds.size) this.scheduleBatch();
  }

  /** Folder photo counts changed: sent with the next batch of photo changes, not once per file. */
  foldersChanged(): void {
    this.foldersDirty = true;
    this.scheduleBatch();
  }

  private scheduleBatch(): void {
    if (this.changedTimer) return;
    this.changedTimer = setTimeout(() => this.flushPhotosChanged(), PHOTO_BATCH_MS);
    this.changedTimer.unref();
  }

  /** Removed photos go out at once, after any pending changes, so the UI never shows a stale tile. */
  photosRemoved(ids: number[]): void {
    if (ids.length === 0) return;
    const removed = new Set(ids);
    for (const id of removed) this.changedIds.delete(id);
    this.flushPhotosChanged();
    this.emit({ type: 'photos-removed', photoIds: [...removed] });
  }

  /**
   * Import progress, throttled. `final` sends now (the queue went idle, paused, or resumed), so the
   * last state a listener sees is always the true one.
   */
  progress(status: () => ImportStatus, final = false): void {
    this.pendingStatus = status;
    const wait = this.lastProgressAt + PROGRESS_INTERVAL_MS - Date.now();
    if (final || wait <= 0) {
      this.flushProgress();
    } else if (!this.progressTimer) {
      this.progressTimer = setTimeout(() => this.flushProgress(), wait);
      this.progressTimer.unref();
    }
  }

  /** Sends whatever is batched (before closing, or before a reply that the UI will compare with events). */
  flush(): void {
    this.flushPhotosChanged();
    if (this.pendingStatus) this.flushProgress();
  }

  private flushPhotosChanged(): void {
    if (this.changedTimer) clearTimeout(this.changedTimer);
    this.changedTimer = null;
    if (this.changedIds.size > 0) {
      const photoIds = [...this.changedIds];
      this.changedIds = new Set();
      this.emit({ type: 'photos-changed', photoIds });
    }
    if (this.foldersDirty) {
      this.foldersDirty = false;
      this.emit({ type: 'folders-changed' });
    }
  }

  private flushProgress(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    const status = this.pendingStatus;
    this.pendingStatus = null;
    if (!status) return;
    // Pending photo changes first: a listener that sees "idle" can trust the rows it then reads.
    this.flushPhotosChanged();
    this.lastProgressAt = Date.now();
    this.emit({ type: 'import-progress', status: status() });
  }
}
