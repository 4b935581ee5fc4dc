import type { RawImage } from '../image/raw-image.js';
import { luminance, resizeRaw } from '../image/raw-image.js';

/**
 * 64-bit DCT perceptual hash (pHash): the photo is squashed to 32×32 luma, transformed with a 2-D
 * DCT-II, and each of the 8×8 lowest frequencies (the DC term replaced by the next one) becomes a
 * bit: above the median or not. Near-duplicates (re-encodes, resizes, small edits) land within a
 * few bits of each other; `hammingDistance` compares two hashes.
 */
export const PHASH_ALGORITHM = 'dct-phash-64';
const SIZE = 32;
const KEEP = 8;

const COSINES: Float64Array = (() => {
  const table = new Float64Array(SIZE * SIZE);
  for (let frequency = 0; frequency < SIZE; frequency++) {
    for (let position = 0; position < SIZE; position++) {
      table[frequency * SIZE + position] = Math.cos(((2 * position + 1) * frequency * Math.PI) / (2 * SIZE));
    }
  }
  return table;
})();

/** Low-frequency block of the 2-D DCT-II of a SIZE×SIZE signal, row-major KEEP×KEEP. */
function lowFrequencyDct(signal: Uint8Array): Float64Array {
  const rows = new Float64Array(SIZE * KEEP);
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < KEEP; u++) {
      let sum = 0;
      for (let x = 0; x < SIZE; x++) sum += signal[y * SIZE + x]! * COSINES[u * SIZE + x]!;
      rows[y * KEEP + u] = sum;
    }
  }
  const out = new Float64Array(KEEP * KEEP);
  for (let v = 0; v < KEEP; v++) {
    for (let u = 0; u < KEEP; u++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++) sum += rows[y * KEEP + u]! * COSINES[v * SIZE + y]!;
      out[v * KEEP + u] = sum;
    }
  }
  return out;
}

export async function perceptualHash(image: RawImage): Promise<string> {
  const tiny = await resizeRaw(image, { width: SIZE, height: SIZE, fit: 'fill' }, true);
  const coefficients = lowFrequencyDct(luminance(tiny));
  // The DC term is the mean brightness, not structure.
  coefficients[0] = coefficients[1]!;
  const sorted = Array.from(coefficients).sort((a, b) => a - b);
  const median = (sorted[31]! + sorted[32]!) / 2;
  let bits = 0n;
  for (let index = 0; index < coefficients.length; index++) {
    bits = (bits << 1n) | (coefficients[index]! > median ? 1n : 0n);
  }
  return bits.toString(16).padStart(16, '0');
}

export function hammingDistance(first: string, second: string): number {
  let difference = BigInt(`0x${first}`) ^ BigInt(`0x${second}`);
  let count = 0;
  while (difference > 0n) {
    count += Number(difference & 1n);
    difference >>= 1n;
  }
  return count;
}
