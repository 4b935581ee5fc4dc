import { createHash } from 'node:crypto';

/** `image_hash` of the rating result: SHA-256 of the file's exact bytes, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
