import type { ImportPauseCode, ImportStatus } from '../../src-preload/contract/library-types.js';
import type { LibraryRepo, QueueEntry } from '../engine/catalog/library.repo.js';
import type { CullingEngine, FileRating } from '../engine/engine.js';
import { storageError, type EngineErrorInfo } from '../engine/errors.js';
import type { ServiceEvents } from './service-events.js';

const PAUSED_SETTING = 'import.paused';

export type ImportQueueOptions = {
  engine: CullingEngine;
  repo: LibraryRepo;
  events: ServiceEvents;
  /** Stores what rating a file means for the library (its folder, inherited marks); called before the entry leaves the queue. */
  onRated: (entry: QueueEntry, rating: FileRating) => void | Promise<void>;
  log: (line: string) => void;
  /** How long a pause for a full disk (or unwritable home) waits before trying again; default 30 s. */
  storageRetryMs?: number;
};

const STORAGE_PAUSE_CODES: ReadonlySet<string> = new Set<ImportPauseCode>(['disk_full', 'catalog_read_only', 'home_unwritable']);

/**
 * The import loop over the persisted queue: rates files `engine.config.concurrency` at a time and
 * takes each entry off the queue only once its rating (or failure) is stored, so a crash or a quit
 * at any moment leaves exactly the unfinished files queued. Paused means in-flight files finish and
 * nothing new starts; the paused state is a setting, so a restart stays paused.
 *
 * A file that cannot be stored because of the home, not the photo (a full disk, a read-only
 * catalog), is neither done nor failed: it stays queued, the import pauses itself with the reason,
 * and it tries again on resume or after `storageRetryMs` (a restart tries again too).
 */
export class ImportQueue {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Folder scans under way (see beginScan). */
  private scans = 0;
  private paused: boolean;
  private closing = false;
  private done = 0;
  private failed = 0;
  private current: string | null = null;
  /** Why the import paused itself (disk full…); null when it did not. Not persisted: a restart retries. */
  private storagePause: { code: ImportPauseCode; message: string } | null = null;
  private storageRetry: NodeJS.Timeout | null = null;

  constructor(private readonly options: ImportQueueOptions) {
    this.paused = options.repo.setting(PAUSED_SETTING) === true;
  }

  /**
   * Queues files. `changed` (from the watcher) bumps entries already queued, so a file changed while
   * it was being rated is rated again; a scan's finds leave queued entries as they are.
   */
  enqueue(entries: Array<{ path: string; folderId: number }>, changed: boolean): void {
    if (entries.length === 0) return;
    // A new batch after the queue ran dry starts a new progress bar.
    if (this.inFlight.size === 0 && this.options.repo.queuedCount() === 0) {
      this.done = 0;
      this.failed = 0;
    }
    this.options.repo.enqueue(entries, changed);
    this.progress();
    this.pump();
  }

  /** A file that disappeared before it was rated. */
  forget(path: string): void {
    this.options.repo.dequeue(path);
    this.progress();
  }

  /** Sends the status now (the queue changed underneath, e.g. a folder's entries were dropped). */
  announce(): void {
    this.progress(true);
  }

  status(): ImportStatus {
    const queued = this.options.repo.queuedCount();
    // A folder scan still looking for changes is work in progress too: the import is not done.
    const busy = queued > 0 || this.inFlight.size > 0 || this.scans > 0;
    return {
      state: this.paused || this.storagePause ? 'paused' : busy ? 'running' : 'idle',
      queued,
      done: this.done,
      failed: this.failed,
      current: this.inFlight.size > 0 ? this.current : null,
      scanning: this.scans > 0,
      ...(this.storagePause ? { pausedReason: { ...this.storagePause } } : {}),
    };
  }

  /** Marks a folder scan as under way until the returned function is called (announcing both). */
  beginScan(): () => void {
    this.scans++;
    this.announce();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.scans--;
      this.announce();
    };
  }

  pause(): ImportStatus {
    this.setPaused(true);
    return this.status();
  }

  resume(): ImportStatus {
    this.clearStoragePause();
    this.setPaused(false);
    this.pump();
    return this.status();
  }

  /** Starts rating whatever is queued (called on open, after a restart). */
  start(): void {
    this.pump();
    this.progress(true);
  }

  /** Lets in-flight files finish and starts nothing new; what is still queued stays queued for next time. */
  async close(): Promise<void> {
    this.closing = true;
    this.clearStoragePause();
    await Promise.all(this.inFlight.values());
  }

  /**
   * Nothing can be saved to the home (see STORAGE_PAUSE_CODES): pause, keep every file queued, say
   * why, and try again later. Also called by the service when a preview cannot be written.
   */
  pauseForStorage(error: EngineErrorInfo): void {
    if (!STORAGE_PAUSE_CODES.has(error.code) || this.closing) return;
    if (!this.storagePause) this.options.log(`import: paused, ${error.code}: ${error.message}`);
    this.storagePause = { code: error.code as ImportPauseCode, message: error.message };
    if (!this.storageRetry) {
      this.storageRetry = setTimeout(() => {
        this.storageRetry = null;
        this.storagePause = null;
        this.progress(true);
        this.pump();
      }, this.options.storageRetryMs ?? 30_000);
      this.storageRetry.unref();
    }
    this.progress(true);
  }

  private clearStoragePause(): void {
    if (this.storageRetry) clearTimeout(this.storageRetry);
    this.storageRetry = null;
    this.storagePause = null;
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    try {
      this.options.repo.setSetting(PAUSED_SETTING, paused);
    } catch (error) {
      // The disk is full: the choice holds for this run (a resume then meets the full disk and says so).
      const storage = storageError(error);
      if (!storage) throw error;
      if (paused) this.pauseForStorage(storage.toInfo());
    }
    this.progress(true);
  }

  private progress(final = false): void {
    this.options.events.progress(() => this.status(), final);
  }

  private pump(): void {
    if (this.paused || this.storagePause || this.closing) return;
    const lanes = Math.max(1, this.options.engine.config.concurrency);
    const free = lanes - this.inFlight.size;
    if (free <= 0) return;
    for (const entry of this.options.repo.nextQueued(free, new Set(this.inFlight.keys()))) {
      this.inFlight.set(entry.path, this.rate(entry));
    }
    if (this.inFlight.size === 0) this.progress(true);
  }

  private async rate(entry: QueueEntry): Promise<void> {
    this.current = entry.path;
    this.progress();
    try {
      const rating = await this.options.engine.rateFile(entry.path);
      // Closed meanwhile: the catalog may be gone; the entry stays queued and is rated (from cache) next time.
      if (this.closing && !this.options.engine.catalog.database.open) return;
      // The home cannot take the result (disk full…): not the file's fault; it stays queued.
      if (!rating.ok && STORAGE_PAUSE_CODES.has(rating.error.code)) this.pauseForStorage(rating.error);
      else await this.store(entry, rating);
    } catch (error) {
      // Storing the rating failed for want of space (or a writable home): the entry stays queued.
      const storage = storageError(error);
      if (storage) this.pauseForStorage(storage.toInfo());
      else this.dropAfterBug(entry, error);
    } finally {
      this.inFlight.delete(entry.path);
      if (this.current === entry.path) this.current = this.inFlight.keys().next().value ?? null;
    }
    this.progress();
    this.pump();
  }

  /** The file's rating (or its typed failure) is stored; only then does it leave the queue. */
  private async store(entry: QueueEntry, rating: FileRating): Promise<void> {
    // Awaited: storing reads an existing XMP rating (exiftool) before the entry leaves the queue.
    await this.options.onRated(entry, rating);
    this.options.repo.finishQueued(entry);
    this.done++;
    if (!rating.ok) this.failed++;
    this.options.log(`import: ${rating.ok ? (rating.cached ? 'known' : 'rated') : `failed (${rating.error.code})`} ${entry.path}`);
  }

  /** A bug, not a bad file: logged, and the entry is dropped so one file cannot stall the queue forever. */
  private dropAfterBug(entry: QueueEntry, error: unknown): void {
    this.options.log(`import: internal error on ${entry.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    try {
      this.options.repo.finishQueued(entry);
    } catch {
      // The catalog itself failed; the entry stays queued and is tried again next start.
    }
    this.done++;
    this.failed++;
  }
}
