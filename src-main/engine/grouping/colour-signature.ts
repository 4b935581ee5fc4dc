import type { RawImage } from '../image/raw-image.js';
import { resizeRaw } from '../image/raw-image.js';

/**
 * The colour signature of a photo: its mean sRGB colour in each cell of a 4×4 grid (48 bytes,
 * hex). Where the perceptual hash sees structure in luma only, this sees where the colours are:
 * two poses of one scene share it, two scenes with similar edges do not. On ../shared/corpus/bursts
 * frames of one burst differ by ≤ 0.06 (mean absolute difference over 255), frames of different
 * bursts by ≥ 0.08.
 */
export const COLOUR_SIGNATURE_ALGORITHM = 'rgb-grid-4x4';
export const COLOUR_GRID = 4;
const SIGNATURE_BYTES = COLOUR_GRID * COLOUR_GRID * 3;

export async function colourSignature(image: RawImage): Promise<string> {
  const tiny = await resizeRaw(image, { width: COLOUR_GRID, height: COLOUR_GRID, fit: 'fill' }, true);
  return tiny.data.subarray(0, SIGNATURE_BYTES).toString('hex');
}

/** The signature's bytes; null for a missing or malformed one (the pair is then compared by hash alone). */
export function parseColourSignature(hex: string | null | undefined): Uint8Array | null {
  if (!hex || hex.length !== SIGNATURE_BYTES * 2 || !/^[0-9a-f]+$/.test(hex)) return null;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Mean absolute difference of two signatures, 0 (same colours) – 1. */
export function colourDistance(first: Uint8Array, second: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < first.length; index++) sum += Math.abs(first[index]! - second[index]!);
  return sum / first.length / 255;
}
