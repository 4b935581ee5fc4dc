import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** `image_hash` of the rating result: SHA-256 of the file's exact bytes, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
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
