import { realpath } from 'node:fs/promises';
import path from 'node:path';

/** What a media door (the desktop's custom protocol, the browser build's /media route) may serve. */
export const MEDIA_KINDS = ['thumb', 'preview', 'full'] as const;
export const IMAGE_HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The real path of `file` when it lies inside `cacheDir`, else null. Checked on the resolved path
 * (symlinks followed), so neither `..` in a name nor a link planted in the cache can make a door
 * serve a file from elsewhere on the disk.
 */
export async function fileInsideCache(file: string | null, cacheDir: string): Promise<string | null> {
  if (!file) return null;
  try {
    const [real, root] = await Promise.all([realpath(file), realpath(cacheDir)]);
    const relative = path.relative(root, real);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? real : null;
  } catch {
    return null;
  }
}
