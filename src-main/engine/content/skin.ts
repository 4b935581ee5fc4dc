import type { RawImage } from '../image/raw-image.js';

/**
 * Fraction of the frame in skin tones: the classic YCbCr box of Chai & Ngan (1999), Cb 77–127 and
 * Cr 133–173, over pixels neither near-black nor near-white (luma 40–245). Any skin, of any
 * complexion, falls in it under daylight; white, grey and yellow feathers, sky and foliage do not.
 * It is evidence of a person's body where no face is visible, never a verdict by itself.
 */
export function skinFraction(image: RawImage, step = 2): number {
  const { data, width, height } = image;
  let skin = 0;
  let samples = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const offset = (y * width + x) * 3;
      const red = data[offset]!;
      const green = data[offset + 1]!;
      const blue = data[offset + 2]!;
      samples++;
      const luma = 0.299 * red + 0.587 * green + 0.114 * blue;
      if (luma < 40 || luma > 245) continue;
      const cb = 128 - 0.168736 * red - 0.331264 * green + 0.5 * blue;
      const cr = 128 + 0.5 * red - 0.418688 * green - 0.081312 * blue;
      if (cb >= 77 && cb <= 127 && cr >= 133 && cr <= 173) skin++;
    }
  }
  return samples ? Math.round((skin / samples) * 10_000) / 10_000 : 0;
}
