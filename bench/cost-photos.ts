import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultEngineConfig } from '../src-main/engine/config.js';
import { decodeImage } from '../src-main/engine/image/decode.js';
import { HeicDecoder } from '../src-main/engine/image/heic-decoder.js';
import type { RawImage } from '../src-main/engine/image/raw-image.js';
import { REPO_ROOT } from './bench-common.js';

const corpus = path.join(REPO_ROOT, '..', 'shared', 'corpus');

/** The 12 corpus photos the per-analyzer cost benches time: people, birds, a burst, camera scenes. */
export const COST_PHOTOS = [
  ...['obama.jpg', 'two_people.jpg', 'kit_with_rose.jpg', 'img1.jpg'].map((name) => path.join(corpus, 'faces', name)),
  ...['cockatoo-b-1.jpg', 'cockatoo-c-2.jpg', 'cockatoo-d-1.jpg', 'd70s-series-1.jpg'].map((name) => path.join(corpus, 'bursts', name)),
  ...['canon-eos-450d.jpg', 'canon-eos-1000d.jpg', 'nikon-d90.jpg', 'samsung-galaxy-note3.jpg'].map((name) => path.join(corpus, 'camera', name)),
];

/** Each photo decoded to the engine's working image (not timed: every analyzer shares it). */
export async function costPhotoWorkings(files: readonly string[] = COST_PHOTOS): Promise<RawImage[]> {
  const config = defaultEngineConfig();
  const heic = new HeicDecoder();
  return Promise.all(files.map(async (file) => (await decodeImage(await readFile(file), { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic })).working));
}
