/**
 * The face tiles' person gate (faces/tile-gate.ts) against running every tile, on the corpus
 * photos: for each photo, the tiles the frame passes leave, how many of them the gate runs, and
 * whether the faces found are the same (count, boxes and scores).
 *
 *   node --import tsx bench/tile-gate-check.ts [corpus folders…]   (default: faces bursts formats heif camera)
 *
 * Prints one line per photo and a summary; exits 1 when any photo's faces differ.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultEngineConfig } from '../src-main/engine/config.js';
import { decodeImage } from '../src-main/engine/image/decode.js';
import { HeicDecoder } from '../src-main/engine/image/heic-decoder.js';
import { ModelStore } from '../src-main/engine/models/model-store.js';
import { OrtSessionFactory } from '../src-main/engine/models/ort-session-factory.js';
import { compareTileGate } from '../test-support/tile-gate-comparison.js';
import { BENCH_MODEL_CACHE, REPO_ROOT } from './bench-common.js';

const corpus = path.join(REPO_ROOT, '..', 'shared', 'corpus');
const folders = process.argv.slice(2).length ? process.argv.slice(2) : ['faces', 'bursts', 'formats', 'heif', 'camera'];
const config = defaultEngineConfig();
const heic = new HeicDecoder();
const factory = new OrtSessionFactory(new ModelStore(BENCH_MODEL_CACHE));
let tilesAll = 0;
let tilesRun = 0;
let differ = 0;
let photos = 0;
try {
  for (const folder of folders) {
    for (const name of (await readdir(path.join(corpus, folder))).sort()) {
      if (name.endsWith('.md')) continue;
      let decoded;
      try {
        decoded = await decodeImage(await readFile(path.join(corpus, folder, name)), { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic });
      } catch {
        continue;
      }
      const { every, gated, ran, asked } = await compareTileGate(factory, decoded);
      const same = JSON.stringify(every.faces) === JSON.stringify(gated.faces);
      photos++;
      tilesAll += asked;
      tilesRun += ran;
      if (!same) differ++;
      process.stdout.write(`${same ? 'same  ' : 'DIFFER'} ${folder}/${name}: faces ${every.face_count} → ${gated.face_count}, tiles ${ran}/${asked}\n`);
    }
  }
} finally {
  await factory.close();
  await heic.close();
}
process.stdout.write(`${photos} photos, ${differ} with other faces; tiles run ${tilesRun} of ${tilesAll}\n`);
process.exitCode = differ ? 1 : 0;
