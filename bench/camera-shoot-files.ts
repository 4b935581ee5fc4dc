import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A copy of a JPEG with a comment (COM segment) right after the start-of-image marker: the same
 * pixels and EXIF, different bytes — so the engine sees a distinct photo (no catalog hit, no merge
 * of identical bytes), as every frame of a real shoot is.
 */
export function withComment(jpeg: Buffer, text: string): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG (no start-of-image marker)');
  const comment = Buffer.from(text, 'latin1');
  const header = Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, comment, jpeg.subarray(2)]);
}

export type CameraShoot = { directory: string; files: string[]; totalBytes: number; sources: string[] };

/**
 * `copies` × the camera JPEGs of the corpus, each copy distinct (see withComment), written once
 * into `directory` (git-ignored) and reused while the corpus is unchanged.
 */
export async function ensureCameraShoot(corpusCameraDir: string, directory: string, copies: number): Promise<CameraShoot> {
  const sources = (await readdir(corpusCameraDir)).filter((name) => /\.jpe?g$/i.test(name)).sort();
  if (sources.length === 0) throw new Error(`no camera JPEGs in ${corpusCameraDir}`);
  await mkdir(directory, { recursive: true });
  const files: string[] = [];
  let totalBytes = 0;
  for (const name of sources) {
    const bytes = await readFile(path.join(corpusCameraDir, name));
    const tag = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
    for (let copy = 0; copy < copies; copy++) {
      const file = path.join(directory, `${path.parse(name).name}-${tag}-${copy}.jpg`);
      const distinct = withComment(bytes, `culler bench copy ${copy} of ${name}`);
      const existing = await readFile(file).catch(() => null);
      if (!existing || !existing.equals(distinct)) await writeFile(file, distinct);
      files.push(file);
      totalBytes += distinct.length;
    }
  }
  // Interleave cameras (a shoot is not sorted by camera), in a fixed order.
  const ordered = files.map((file, index) => ({ file, key: (index % copies) * sources.length + Math.floor(index / copies) })).sort((a, b) => a.key - b.key);
  return { directory, files: ordered.map((entry) => entry.file), totalBytes, sources };
}
