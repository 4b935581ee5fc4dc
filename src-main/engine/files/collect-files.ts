import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { toErrorInfo, type EngineErrorInfo } from '../errors.js';
import { sniffFormat, SNIFF_BYTES } from '../image/sniff.js';

export type CollectedFiles = {
  /** Absolute paths to rate, in a stable order: named files as given, folder contents sorted. */
  files: string[];
  /** Files inside folders that are not images (sidecars, videos, documents), left alone. */
  skipped: string[];
  /** Named inputs that don't exist or can't be listed. */
  errors: Array<{ path: string; error: EngineErrorInfo }>;
};

/**
 * True when the file's first bytes are an image format the engine rates, whatever its name: the
 * decoded formats and camera RAW files (rated from their embedded preview).
 */
export async function looksLikeSupportedImage(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    const kind = sniffFormat(head.subarray(0, bytesRead)).kind;
    return kind === 'supported' || kind === 'raw';
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/**
 * Expands the CLI's inputs. A file named explicitly is always rated (and gets a typed error if it
 * is no image); inside folders, only files whose first bytes are a supported image are taken, so
 * XMP sidecars, videos and `._` AppleDouble files don't show up as failures. Hidden entries are
 * skipped; symbolic links to folders are followed once.
 */
export async function collectFiles(inputs: string[], options: { recursive: boolean }): Promise<CollectedFiles> {
  const collected: CollectedFiles = { files: [], skipped: [], errors: [] };
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (file: string): void => {
    if (seenFiles.has(file)) return;
    seenFiles.add(file);
    collected.files.push(file);
  };

  const walk = async (folder: string, descend: boolean): Promise<void> => {
    const real = await realpath(folder);
    if (seenFolders.has(real)) return;
    seenFolders.add(real);
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      const info = entry.isSymbolicLink() ? await stat(full).catch(() => null) : entry;
      if (!info) continue;
      if (info.isDirectory()) {
        if (descend) await walk(full, descend);
      } else if (info.isFile()) {
        if (await looksLikeSupportedImage(full)) addFile(full);
        else collected.skipped.push(full);
      }
    }
  };

  for (const input of inputs) {
    const absolute = path.resolve(input);
    try {
      const info = await stat(absolute);
      if (info.isDirectory()) await walk(absolute, options.recursive);
      else addFile(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const info: EngineErrorInfo =
        code === 'ENOENT' ? { code: 'file_not_found', message: `no such file or folder: ${absolute}` } : toErrorInfo(error);
      collected.errors.push({ path: absolute, error: info });
    }
  }
  return collected;
}
