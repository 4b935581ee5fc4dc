import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root, whatever folder the tests were started from. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared photo corpus, read in place (it is read-only), never copied into the repo. */
export const CORPUS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

/** The 17 portraits the journey imports. */
export const FACES_DIR = path.join(CORPUS_DIR, 'faces');

/** What `culler serve` is started with: the same bin a user runs. */
export const CULLER_BIN = path.join(REPO_ROOT, 'bin', 'culler.mjs');
