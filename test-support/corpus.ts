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
