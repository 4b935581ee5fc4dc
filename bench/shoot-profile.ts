/**
 * Where a camera JPEG's time goes, stage by stage, one photo at a time on one thread (so each
 * stage's time is its own, not shared with other photos in flight):
 *
 *   node --import tsx bench/shoot-profile.ts --files <list.json>
 *
 * Runs the engine's own functions on each photo: the decode (sharp, shrink-on-load to the 1024 px
 * working image), the quality measures, the perceptual hash, the face analysis (with its model time
 * summed apart), the content classifier, the whole analyzeImage, the file hash and
 * the thumbnail. Prints one JSON line: the median ms of each stage.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultEngineConfig } from '../src-main/engine/config.js';
import { analyzeContent } from '../src-main/engine/content/content.analyzer.js';
import { analyzeFaces } from '../src-main/engine/faces/face.analyzer.js';
import { sha256Hex } from '../src-main/engine/hash/file-hash.js';
import { perceptualHash } from '../src-main/engine/hash/perceptual-hash.js';
import { decodeImage } from '../src-main/engine/image/decode.js';
import { HeicDecoder } from '../src-main/engine/image/heic-decoder.js';
import { writeJpegThumbnail } from '../src-main/engine/image/raw-image.js';
import { ModelStore, modelSourceStatus } from '../src-main/engine/models/model-store.js';
import { OrtSessionFactory, type ModelRunner } from '../src-main/engine/models/ort-session-factory.js';
import { analyzeQuality } from '../src-main/engine/quality/quality.analyzer.js';
import { analyzeImage } from '../src-main/engine/rating/analyze-image.js';
import { installedAnalyzers, missingAnalyzerReasons } from '../src-main/engine/rating/analyzers.js';
import { BENCH_MODEL_CACHE } from './bench-common.js';

const { values } = parseArgs({ options: { files: { type: 'string' } }, strict: true });
const files = z.array(z.string()).min(1).parse(JSON.parse(await readFile(values.files!, 'utf8')));
const config = defaultEngineConfig();
const heic = new HeicDecoder();
const factory = new OrtSessionFactory(new ModelStore(BENCH_MODEL_CACHE));
let modelMs = 0;
const runner: ModelRunner = {
  run: async (id, input) => {
    const started = performance.now();
    try {
      return await factory.run(id, input);
    } finally {
      modelMs += performance.now() - started;
    }
  },
  providerOf: (id) => factory.providerOf(id),
};
const status = modelSourceStatus();
const deps = { config, heic, analyzers: installedAnalyzers(status), runner, missingReasons: missingAnalyzerReasons(status), aiPack: null };

const stages: Record<string, number[]> = {};
const record = (stage: string, ms: number): void => void (stages[stage] ??= []).push(ms);
async function timed<T>(stage: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const value = await run();
  record(stage, performance.now() - started);
  return value;
}

const scratch = await mkdtemp(path.join(os.tmpdir(), 'culler-profile-'));
try {
  // The first pass warms up (JIT, sessions); the second is measured.
  for (const pass of [0, 1]) {
    for (const file of files) {
      const bytes = await readFile(file);
      const measure = pass === 1;
      const time = <T>(stage: string, run: () => Promise<T> | T): Promise<T> => (measure ? timed(stage, run) : Promise.resolve(run()));
      await time('file hash (sha256, host)', () => sha256Hex(bytes));
      const decoded = await time('decode + shrink to 1024 px', () => decodeImage(bytes, { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic }));
      await time('quality measures', () => analyzeQuality(decoded, config.quality));
      await time('perceptual hash', () => perceptualHash(decoded.working));
      modelMs = 0;
      const facesStarted = performance.now();
      await analyzeFaces(runner, decoded.working, decoded, { eyes: true });
      if (measure) {
        record('faces and eyes (all passes, tiles, face mesh)', performance.now() - facesStarted);
        // Runs overlap (two whole-frame passes, then the tiles, at once): their times are summed.
        record('  of which model runs, summed', modelMs);
      }
      modelMs = 0;
      const contentStarted = performance.now();
      await analyzeContent(runner, decoded.working);
      if (measure) {
        record('content classifier', performance.now() - contentStarted);
        record('  of which the model run', modelMs);
      }
      await time('whole analyzeImage (all of the above but the hash, plus scoring)', () => analyzeImage(bytes, deps));
      await time('thumbnail (JPEG, host)', () => writeJpegThumbnail(decoded.working, config.thumbnailLongSidePx, path.join(scratch, 'thumb.jpg')));
    }
  }
} finally {
  await factory.close();
  await heic.close();
  await rm(scratch, { recursive: true, force: true });
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const result = Object.fromEntries(Object.entries(stages).map(([stage, times]) => [stage, Math.round(median(times) * 10) / 10]));
process.stdout.write(`${JSON.stringify({ photos: files.length, providers: [...new Set(['blazeface-full-range', 'nsfwjs-mobilenet-v2'].map((id) => factory.providerOf(id)))], medianMs: result })}\n`);
