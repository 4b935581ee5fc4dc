import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export type FolderChange =
  | { kind: 'file-added'; path: string }
  | { kind: 'file-changed'; path: string }
  | { kind: 'file-removed'; path: string }
  | { kind: 'folder-removed'; path: string };

export type FolderWatchOptions = {
  onChange: (change: FolderChange) => void;
  onError: (message: string) => void;
  /**
   * How long a file's size must stay the same before it is reported: a photo still being copied
   * (or written by an export) is not rated half-written. Default 1 s.
   */
  writeSettleMs?: number;
};

export type FolderWatch = { readonly folder: string; close(): Promise<void> };

/** True for names under `folder` that start with a dot (AppleDouble `._x.jpg`, `.thumbnails/`, editors' temp files). */
export function isHiddenBelow(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  if (!relative || relative.startsWith('..')) return false;
  return relative.split(path.sep).some((part) => part.startsWith('.'));
}

/**
 * Watches a folder and its sub-folders for files appearing, changing and disappearing. Only
 * changes after the returned promise resolves are reported (the caller scans the folder itself
 * once the watch is up, so nothing written in between is missed).
 */
export async function watchFolder(folder: string, options: FolderWatchOptions): Promise<FolderWatch> {
  const settleMs = options.writeSettleMs ?? 1000;
  const watcher: FSWatcher = watch(folder, {
    ignoreInitial: true,
    persistent: true,
    followSymlinks: true,
    ignored: (file) => isHiddenBelow(folder, file),
    awaitWriteFinish: { stabilityThreshold: settleMs, pollInterval: Math.max(25, Math.min(100, Math.round(settleMs / 4))) },
  });
  watcher.on('add', (file) => options.onChange({ kind: 'file-added', path: path.resolve(file) }));
  watcher.on('change', (file) => options.onChange({ kind: 'file-changed', path: path.resolve(file) }));
  watcher.on('unlink', (file) => options.onChange({ kind: 'file-removed', path: path.resolve(file) }));
  watcher.on('unlinkDir', (dir) => options.onChange({ kind: 'folder-removed', path: path.resolve(dir) }));
  watcher.on('error', (error) => options.onError(error instanceof Error ? error.message : String(error)));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { folder, close: () => watcher.close() };
}
