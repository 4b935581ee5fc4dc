import { access, constants, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IpcResult } from '../../src-preload/contract/ipc-contract.js';
import type { FolderView } from '../../src-preload/contract/library-types.js';
import type { LibraryFolderRecord, LibraryRepo } from '../engine/catalog/library.repo.js';
import { isImageCandidate, listImageCandidates } from '../engine/watch/image-candidates.js';
import { watchFolder, type FolderChange, type FolderWatch } from '../engine/watch/folder-watcher.js';
import type { ImportQueue } from './import-queue.js';
import type { MovedMarks } from './moved-marks.js';
import { failure } from './replies.js';
import type { ServiceEvents } from './service-events.js';

type FolderState = { watch: FolderWatch | null; error: string | null };

export type LibraryFoldersOptions = {
  repo: LibraryRepo;
  queue: ImportQueue;
  events: ServiceEvents;
  movedMarks: MovedMarks;
  /** Watch folders for changes; off, folders are only scanned when added and at start. */
  watch: boolean;
  writeSettleMs?: number;
  log: (line: string) => void;
};

/**
 * The library's folders: added, removed, watched and reconciled with the catalog. A scan (at
 * start and when a folder is added) queues only files that are new, changed since their photo row
 * (size or modification time), or not yet rated by the current analyzers, and forgets rows whose
 * files are gone; the watcher keeps that true while the app runs.
 */
export class LibraryFolders {
  private readonly states = new Map<number, FolderState>();
  private closed = false;

  constructor(private readonly options: LibraryFoldersOptions) {}

  views(): FolderView[] {
    return this.options.repo.folders().map((folder) => this.view(folder));
  }

  /** Watches and rescans every folder of the catalog (files may have changed while the app was closed). */
  async openAll(): Promise<void> {
    for (const folder of this.options.repo.folders()) await this.attach(folder);
  }

  async add(requested: string): Promise<IpcResult<FolderView>> {
    if (!path.isAbsolute(requested)) return failure('invalid_request', `give the folder's absolute path, not "${requested}"`);
    const problem = await unusableFolder(requested);
    if (problem) return failure('invalid_request', problem);
    const folderPath = await realpath(requested);
    const existing = this.options.repo.folders();
    const same = existing.find((folder) => folder.path === folderPath);
    if (same) return { ok: true, value: this.view(same) };
    const outer = existing.find((folder) => isInside(folderPath, folder.path));
    if (outer) return failure('invalid_request', `${folderPath} is already in the library, inside ${outer.path}`);
    const inner = existing.find((folder) => isInside(folder.path, folderPath));
    if (inner) return failure('invalid_request', `${folderPath} contains the library folder ${inner.path}; remove that one first`);

    const folder = this.options.repo.addFolder(folderPath);
    this.options.log(`library: added ${folderPath}`);
    await this.attach(folder);
    this.options.events.foldersChanged();
    return { ok: true, value: this.view(this.options.repo.folder(folder.id) ?? folder) };
  }

  async remove(folderId: number): Promise<IpcResult<{ removed: boolean }>> {
    const folder = this.options.repo.folder(folderId);
    if (!folder) return failure('not_found', `no library folder with id ${folderId}`);
    await this.states.get(folderId)?.watch?.close();
    this.states.delete(folderId);
    const removed = this.options.repo.removeFolder(folderId);
    this.options.movedMarks.remember(removed);
    this.options.log(`library: removed ${folder.path} (${removed.length} photos forgotten, files untouched)`);
    this.options.events.photosRemoved(removed.map((photo) => photo.id));
    this.options.events.foldersChanged();
    this.options.queue.announce();
    return { ok: true, value: { removed: true } };
  }

  async close(): Promise<void> {
    this.closed = true;
    const watches = [...this.states.values()].map((state) => state.watch);
    this.states.clear();
    await Promise.all(watches.map((watch) => watch?.close()));
  }

  private view(folder: LibraryFolderRecord): FolderView {
    const state = this.states.get(folder.id);
    return { ...folder, watching: Boolean(state?.watch), error: state?.error ?? null };
  }

  /** Watch first, then scan: a file written between the two is seen by one or the other. */
  /** Watches a folder and rescans it; the import shows as running (scanning) until both are done. */
  private async attach(folder: LibraryFolderRecord): Promise<void> {
    const endScan = this.options.queue.beginScan();
    try {
      await this.watchAndScan(folder);
    } finally {
      endScan();
    }
  }

  private async watchAndScan(folder: LibraryFolderRecord): Promise<void> {
    const state: FolderState = { watch: null, error: null };
    this.states.set(folder.id, state);
    const problem = await unusableFolder(folder.path);
    if (problem) {
      state.error = problem;
      return;
    }
    if (this.options.watch) {
      try {
        state.watch = await watchFolder(folder.path, {
          writeSettleMs: this.options.writeSettleMs,
          onChange: (change) => void this.onChange(folder, change).catch((error: unknown) => this.options.log(`watch: ${String(error)}`)),
          onError: (message) => {
            state.error = message;
            this.options.events.foldersChanged();
          },
        });
        if (this.closed) await state.watch.close();
      } catch (error) {
        state.error = `cannot watch ${folder.path}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    await this.scan(folder, state);
  }

  private async scan(folder: LibraryFolderRecord, state: FolderState): Promise<void> {
    let files: string[];
    try {
      files = await listImageCandidates(folder.path);
    } catch (error) {
      state.error = `cannot read ${folder.path}: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    const known = this.options.repo.knownFiles(folder.id);
    const toQueue: Array<{ path: string; folderId: number }> = [];
    for (const file of files) {
      const row = known.get(file);
      known.delete(file);
      const info = await stat(file).catch(() => null);
      if (!info) continue;
      const unchanged = row && row.fileSize === info.size && row.mtimeMs === info.mtimeMs;
      // A failure is not retried for an unchanged file: the same bytes fail the same way.
      if (unchanged && (row.status === 'failed' || row.hasCurrentAnalysis)) continue;
      toQueue.push({ path: file, folderId: folder.id });
    }
    // Rows left over are files deleted (or renamed) while the app was closed.
    const removed = this.options.repo.removePhotosByPath([...known.keys()]);
    this.options.movedMarks.remember(removed);
    this.options.events.photosRemoved(removed.map((photo) => photo.id));
    this.options.log(`library: scanned ${folder.path}: ${files.length} photos, ${toQueue.length} to rate, ${removed.length} gone`);
    this.options.queue.enqueue(toQueue, false);
    if (removed.length) this.options.events.foldersChanged();
  }

  private async onChange(folder: LibraryFolderRecord, change: FolderChange): Promise<void> {
    if (this.closed || !this.states.has(folder.id)) return;
    switch (change.kind) {
      case 'file-added':
      case 'file-changed':
        if (await isImageCandidate(change.path)) this.options.queue.enqueue([{ path: change.path, folderId: folder.id }], true);
        return;
      case 'file-removed': {
        this.options.queue.forget(change.path);
        this.forget(this.options.repo.removePhotosByPath([change.path]));
        return;
      }
      case 'folder-removed': {
        if (change.path === folder.path) {
          // The whole folder went (or its drive was unplugged): keep its photos until it is removed on purpose.
          const state = this.states.get(folder.id);
          if (state) state.error = `${folder.path} is gone (deleted, renamed or unmounted)`;
          this.options.events.foldersChanged();
          return;
        }
        this.options.repo.dequeueUnder(change.path, path.sep);
        this.forget(this.options.repo.removePhotosUnder(change.path, path.sep));
        return;
      }
    }
  }

  private forget(removed: ReturnType<LibraryRepo['removePhotosByPath']>): void {
    if (removed.length === 0) return;
    this.options.movedMarks.remember(removed);
    this.options.events.photosRemoved(removed.map((photo) => photo.id));
    this.options.events.foldersChanged();
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Why a path cannot be a library folder, or null when it can. */
async function unusableFolder(folder: string): Promise<string | null> {
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) return `${folder} is a file, not a folder`;
    await access(folder, constants.R_OK | constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `no such folder: ${folder}`;
    if (code === 'EACCES' || code === 'EPERM') return `no permission to read ${folder}`;
    return `cannot read ${folder}: ${(error as Error).message}`;
  }
}
