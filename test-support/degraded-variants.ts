import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { corpusFile } from './corpus.js';

/**
 * Copies of corpus photos made for a test, the way a shoot really varies: the same frame exposed
 * high-key (bright, airy) or low-key (dark), and a soft, shrunken copy. Written into the test's own
 * folder; the corpus is only read.
 */
export type Variant = 'high-key' | 'low-key' | 'soft';

export async function writeVariant(source: string, variant: Variant, target: string): Promise<string> {
  const image = sharp(source).rotate();
  switch (variant) {
    case 'high-key':
      await image.linear(0.75, 80).jpeg({ quality: 90 }).toFile(target);
      break;
    case 'low-key':
      await image.linear(0.45, 0).jpeg({ quality: 90 }).toFile(target);
      break;
    case 'soft':
      await image.resize({ width: 320 }).blur(2).jpeg({ quality: 80 }).toFile(target);
      break;
  }
  return target;
}

/** The first `count` photos of corpus/iqa (name order): small real photos, quick to rate. */
export function iqaPhotos(count: number): string[] {
  const folder = corpusFile('iqa', 'images');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.jpg'))
    .sort()
    .slice(0, count)
    .map((name) => path.join(folder, name));
}

/** A copy at one exposure (`gain` × value + `offset`), shrunk to `width`: a near-identical frame of one moment. */
export async function writeExposure(source: string, exposure: { gain: number; offset: number }, width: number, target: string): Promise<string> {
  await sharp(source).rotate().resize({ width }).linear(exposure.gain, exposure.offset).jpeg({ quality: 90 }).toFile(target);
  return target;
}

/**
 * A shoot for a simulated user who likes high-key light: each source photo written twice into
 * `folder`, as `fNN-high.jpg` (high-key) and `fNN-low.jpg` (low-key), NN its index.
 */
export async function writeHighLowKeyShoot(sources: readonly string[], folder: string): Promise<void> {
  for (const [index, source] of sources.entries()) {
    const frame = String(index).padStart(2, '0');
    await writeVariant(source, 'high-key', path.join(folder, `f${frame}-high.jpg`));
    await writeVariant(source, 'low-key', path.join(folder, `f${frame}-low.jpg`));
  }
}
