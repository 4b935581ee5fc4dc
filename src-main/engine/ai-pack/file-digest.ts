import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/**
 * Hashing of files on disk, streamed: the pack's files run to hundreds of megabytes, so nothing is
 * read whole into memory.
 */

export type Digest = { bytes: number; sha256: string };

/** Feeds bytes [start, end] (inclusive; whole file when omitted) of `file` into `hash`; returns the count. */
export async function hashFileInto(hash: Hash, file: string, range: { start?: number; end?: number } = {}, signal?: AbortSignal): Promise<number> {
  let count = 0;
  for await (const chunk of createReadStream(file, { ...range, signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    count += chunk.length;
  }
  return count;
}

export async function sha256OfFile(file: string, signal?: AbortSignal): Promise<Digest> {
  const hash = createHash('sha256');
  const bytes = await hashFileInto(hash, file, {}, signal);
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Git's object id of a file's bytes (SHA-1 of "blob <size>\0" + bytes). Hugging Face sends it as the
 * ETag of plain (non-LFS) files, which lets us check those even though no sha256 is published.
 */
export async function gitBlobSha1OfFile(file: string): Promise<string> {
  const { size } = await stat(file);
  const hash = createHash('sha1').update(`blob ${size}\0`);
  await hashFileInto(hash, file);
  return hash.digest('hex');
}

/**
 * Copies a stream of bytes into `target` (created or truncated), hashing on the way, and fsyncs it.
 * `onBytes` sees the running count.
 */
export async function copyHashing(source: AsyncIterable<Buffer>, target: string, onBytes?: (bytes: number) => void): Promise<Digest> {
  const hash = createHash('sha256');
  const handle = await open(target, 'w');
  let bytes = 0;
  try {
    for await (const chunk of source) {
      hash.update(chunk);
      await handle.write(chunk);
      bytes += chunk.length;
      onBytes?.(bytes);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { bytes, sha256: hash.digest('hex') };
}
