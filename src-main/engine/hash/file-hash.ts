import { createHash } from 'node:crypto';

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
