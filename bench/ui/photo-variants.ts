import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Distinct photos made from the corpus: each is a re-encode of one corpus portrait with its own
 * JPEG quality and a slight brightness step, so every file has its own bytes (its own SHA-256,
 * hence a real rating and its own thumbnail) while staying a real photo. Plain copies under new
 * names would share their hash and be answered from the catalog's cache after the first,
 * which would time a cache lookup rather than an import.
 *
 * Kept between runs (git-ignored under bench/.data/); rebuilt when the manifest disagrees.
 */
export async function ensurePhotoVariants(corpusDir: string, targetDir: string, count: number): Promise<string[]> {
  const manifestFile = path.join(targetDir, '.manifest.json');
  const sources = (await readdir(corpusDir)).filter((name) => /\.(jpe?g|png)$/i.test(name)).sort();
  if (sources.length === 0) throw new Error(`no JPEG or PNG photos in ${corpusDir}`);
  const expected = JSON.stringify({ version: 1, count, sources });
  const names = Array.from({ length: count }, (_, index) => `variant-${String(index + 1).padStart(4, '0')}.jpg`);
  const files = names.map((name) => path.join(targetDir, name));
  try {
    if ((await readFile(manifestFile, 'utf8')) === expected) return files;
  } catch {
    // no manifest yet: build
  }
  await rm(targetDir, { recursive: true, force: true });
  await mkdir(targetDir, { recursive: true });
  const hashes = new Set<string>();
  for (const [index, file] of files.entries()) {
    const source = path.join(corpusDir, sources[index % sources.length]!);
    const round = Math.floor(index / sources.length);
    const bytes = await sharp(source)
      .rotate()
      .modulate({ brightness: 1 + round * 0.004 })
      .jpeg({ quality: 80 + (round % 16), mozjpeg: false })
      .toBuffer();
    hashes.add(createHash('sha256').update(bytes).digest('hex'));
    await writeFile(file, bytes);
  }
  if (hashes.size !== count) throw new Error(`only ${hashes.size} of ${count} photo variants have distinct bytes`);
  // Hidden (dot) file: the library's folder scan skips it.
  await writeFile(manifestFile, expected);
  return files;
}
