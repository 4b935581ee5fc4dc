import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** `image_hash` of the rating result: SHA-256 of the file's exact bytes, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The same hash computed on libuv's threadpool (WebCrypto's digest is asynchronous in Node): a 4 MB
 * photo takes 10–30 ms to hash, which would otherwise stall the thread hosting the engine.
 */
export async function sha256HexOffThread(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await globalThis.crypto.subtle.digest('SHA-256', bytes)).toString('hex');
}

/**
 * The same SHA-256 over a file read in chunks: RAW files are 20–100 MB and are hashed without
 * being held in memory (the engine hands only their embedded preview to the decoder).
 */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
