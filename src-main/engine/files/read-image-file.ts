import { open, stat } from 'node:fs/promises';
import { EngineError } from '../errors.js';

export type ImageFile = { path: string; bytes: Buffer; fileSize: number; mtimeMs: number };
export type FileStat = { fileSize: number; mtimeMs: number };

function fileSystemError(error: unknown, file: string): EngineError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new EngineError('file_not_found', `no such file: ${file}`, { cause: error });
    case 'EISDIR':
      return new EngineError('not_a_file', `${file} is a folder, not a file`, { cause: error });
    default:
      return new EngineError('unreadable_file', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Size and modification time of a regular file; the size limit is checked by the caller. */
export async function statImageFile(file: string): Promise<FileStat> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw fileSystemError(error, file);
  }
  if (!info.isFile()) throw new EngineError('not_a_file', `${file} is not a regular file`);
  return { fileSize: info.size, mtimeMs: info.mtimeMs };
}

export function tooLarge(size: number, maxFileBytes: number): EngineError {
  const mebibytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
  return new EngineError('file_too_large', `file is ${mebibytes(size)} MB, over the limit of ${mebibytes(maxFileBytes)} MB`);
}

/**
 * Reads a whole file, refusing it unread when it is over the size limit. Reads at most one byte
 * past the limit, so a file that grows while it is read cannot make us buffer more than that.
 */
export async function readImageFile(file: string, maxFileBytes: number): Promise<ImageFile> {
  const { fileSize, mtimeMs } = await statImageFile(file);
  if (fileSize > maxFileBytes) throw tooLarge(fileSize, maxFileBytes);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fileSystemError(error, file);
  }
  try {
    const buffer = Buffer.allocUnsafe(Math.min(fileSize, maxFileBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxFileBytes) throw tooLarge(length, maxFileBytes);
    return { path: file, bytes: buffer.subarray(0, length), fileSize: length, mtimeMs };
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw fileSystemError(error, file);
  } finally {
    await handle.close();
  }
}

/**
 * The first `length` bytes of a file (fewer when it is shorter), for recognising its format before
 * deciding how to read it: a RAW is never read whole, only its embedded preview.
 */
export async function readFileHead(file: string, length: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fileSystemError(error, file);
  }
  try {
    const head = Buffer.alloc(length);
    const { bytesRead } = await handle.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } catch (error) {
    throw fileSystemError(error, file);
  } finally {
    await handle.close();
  }
}
