import path from 'node:path';
import type { SidecarNaming } from '../../../src-preload/contract/library-types.js';

/**
 * The sidecar files of one photo. Adobe style: one IMG_0001.xmp beside the files, shared by a
 * RAW+JPEG pair (Lightroom, Capture One, Bridge and Photo Mechanic look there). darktable style:
 * one per file, IMG_0001.CR2.xmp and IMG_0001.JPG.xmp (darktable and digiKam keep one per file).
 *
 * `othersWithStem` are other photos' files named like IMG_0001.* in the same folder (IMG_0001.JPG
 * and an unrelated IMG_0001.PNG): a shared IMG_0001.xmp would mix their marks, so those photos
 * get darktable-style names even in Adobe style.
 */
export function sidecarPaths(files: string[], naming: SidecarNaming, othersWithStem: (file: string) => string[]): string[] {
  const [main] = files;
  if (!main) return [];
  const perFile = files.map((file) => `${file}.xmp`);
  if (naming === 'darktable') return perFile;
  const stemOf = (file: string) => path.join(path.dirname(file), path.parse(file).name);
  const stem = stemOf(main);
  const mine = new Set(files);
  const clash = othersWithStem(main).some((other) => !mine.has(other) && stemOf(other) === stem);
  return clash ? perFile : [`${stem}.xmp`];
}
