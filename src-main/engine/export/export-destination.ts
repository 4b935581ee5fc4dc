import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors.js';

/** Maps a file-system error to the export's typed codes; anything else is a bug and says so. */
export function fileSystemError(error: unknown, what: string): EngineError {
  if (error instanceof EngineError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const message = `${what}: ${(error as Error).message}`;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new EngineError('disk_full', `${what}: the destination disk is full`, { cause: error });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new EngineError('destination_read_only', `${what}: not allowed to write there (${code})`, { cause: error });
    case 'ENOENT':
      return new EngineError('file_vanished', message, { cause: error });
    default:
      return new EngineError('internal_error', message, { cause: error });
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Checks a destination before anything is copied: it exists and is a folder, we can create files
 * in it (a probe file, since permission bits do not tell about read-only mounts), it is not one of
 * the source folders or inside one (the export would feed itself, and a watched folder would
 * import its own copies), and its disk has room for `bytesNeeded`.
 */
export async function checkDestination(destination: string, sources: string[], bytesNeeded: number): Promise<string> {
  if (!path.isAbsolute(destination)) throw new EngineError('destination_missing', `the destination must be an absolute path: ${destination}`);
  const info = await stat(destination).catch(() => null);
  if (!info) throw new EngineError('destination_missing', `the destination folder does not exist: ${destination}`);
  if (!info.isDirectory()) throw new EngineError('destination_missing', `the destination is not a folder: ${destination}`);
  const real = await realpath(destination);
  for (const source of sources) {
    const realSource = await realpath(source).catch(() => path.resolve(source));
    if (isInside(real, realSource)) {
      throw new EngineError('destination_inside_source', `the destination ${destination} is inside the source folder ${source}: choose a folder outside it`);
    }
  }
  const probe = path.join(destination, `.culler-probe-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
    await handle.close();
  } catch (error) {
    throw fileSystemError(error, `cannot write into ${destination}`);
  } finally {
    await rm(probe, { force: true });
  }
  const space = await statfs(destination);
  const free = Number(space.bavail) * Number(space.bsize);
  if (free < bytesNeeded) {
    throw new EngineError('disk_full', `the destination has ${formatBytes(free)} free but the export needs ${formatBytes(bytesNeeded)}: nothing was copied`);
  }
  return real;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
