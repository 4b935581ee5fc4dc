import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The shared test corpus, read in place (never copied into the project). */
export const CORPUS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');

export function corpusFile(...parts: string[]): string {
  return path.join(CORPUS, ...parts);
}

/** A fresh temporary folder and a function that removes it. */
export function temporaryFolder(prefix = 'culler-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * One folder for converted models shared by all tests of a run: converting BlazeFace and friends
 * once instead of once per test home. Safe to share: files are keyed by source hash and written
 * atomically.
 */
export const SHARED_MODEL_CACHE = path.join(os.tmpdir(), 'culler-test-model-cache');

/** The face counts the corpus README gives for faces/ (min–max where a partial face may count). */
export const CORPUS_FACE_COUNTS: Record<string, [number, number]> = {
  '32bit.png': [1, 2],
  'alex-lacamoire.png': [1, 1],
  'alex_lacamoire1.jpg': [1, 1],
  'biden.jpg': [1, 1],
  'img1.jpg': [1, 1],
  'john1.jpeg': [1, 1],
  'johnsnow_test1.jpg': [1, 1],
  'kit_with_rose.jpg': [2, 2],
  'lin-manuel-miranda.png': [1, 1],
  'obama-1080p.jpg': [1, 1],
  'obama-240p.jpg': [1, 1],
  'obama.jpg': [1, 1],
  'obama3.jpg': [1, 1],
  'obama_and_biden.jpg': [2, 4],
  'obama_partial_face.jpg': [1, 1],
  'obama_partial_face2.jpg': [1, 1],
  'two_people.jpg': [2, 2],
};
