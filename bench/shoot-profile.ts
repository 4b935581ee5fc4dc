/**
 * Where a camera JPEG's time goes, stage by stage, one photo at a time on one thread (so each
 * stage's time is its own, not shared with other photos in flight):
 *
 *   node --import tsx bench/shoot-profile.ts --files <list.json>
 *
 * Runs the engine's own functions on each photo: the decode (sharp, shrink-on-load to the 1024 px
 * working image), the quality measures, the perceptual hash, the body and object analyzers, the face
 * analysis (its tiles gated by those two, as analyzeImage does; model time summed apart), the content classifier, the whole analyzeImage, the file hash and
 * the thumbnail. Prints one JSON line: the median wall ms and CPU ms (all threads) of each stage.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultEngineConfig } from '../src-main/engine/config.js';
import { analyzeBody } from '../src-main/engine/body/body.analyzer.js';
import { analyzeContentWithFeatures } from '../src-main/engine/content/content.analyzer.js';
import { analyzeFaces } from '../src-main/engine/faces/face.analyzer.js';
import { personTileGate, personWitnesses } from '../src-main/engine/faces/tile-gate.js';
import { analyzeObjects } from '../src-main/engine/objects/objects.analyzer.js';
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
import { BENCH_MODEL_CACHE, upperMedian } from './bench-common.js';
import type { SourceInfo } from '../src-preload/contract/rating-result.js';
import { colourSignature } from '../src-main/engine/grouping/colour-signature.js';
import { noPersonFound, requirePerson } from '../src-main/engine/content/person-gate.js';
import { embeddedLevel } from '../src-main/engine/scoring/embedded-level.js';
import { addFaceQuality } from '../src-main/engine/rating/subject-quality.js';
import type { DecodedImage } from '../src-main/engine/image/decode.js';

/** The metadata part of a result, as analyzeImage builds it (what the scoring reads). */
function sourceInfo(decoded: DecodedImage, fileSize: number): SourceInfo {
  const { source } = decoded;
  return {
    format: decoded.format,
    file_size: fileSize,
    metadata_read: source.metadataRead,
    has_exif: source.hasExif,
    camera_make: source.cameraMake,
    camera_model: source.cameraModel,
    software: source.software,
    captured_at: source.capturedAt,
    orientation: source.orientation,
    pages: source.pages,
  };
}

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

/** Wall and CPU (all of this process's threads: libvips, ONNX Runtime) of each stage, per photo. */
const stages: Record<string, { wall: number[]; cpu: number[] }> = {};
const record = (stage: string, wall: number, cpu: number): void => {
  const entry = (stages[stage] ??= { wall: [], cpu: [] });
  entry.wall.push(wall);
  entry.cpu.push(cpu);
};
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const scratch = await mkdtemp(path.join(os.tmpdir(), 'culler-profile-'));
try {
  // The first pass warms up (JIT, sessions); the second is measured.
  for (const pass of [0, 1]) {
    for (const file of files) {
      const bytes = await readFile(file);
      const measure = pass === 1;
      const time = async <T>(stage: string, run: () => Promise<T> | T): Promise<T> => {
        const wall = performance.now();
        const cpu = cpuMs();
        const value = await run();
        if (measure) record(stage, performance.now() - wall, cpuMs() - cpu);
        return value;
      };
      await time('file hash (sha256, host)', () => sha256Hex(bytes));
      const decoded = await time('decode + shrink to 1024 px (shrink-on-load)', () => decodeImage(bytes, { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic }));
      const quality = await time('quality measures', () => analyzeQuality(decoded, config.quality));
      await time('perceptual hash', () => perceptualHash(decoded.working));
      await time('colour signature', () => colourSignature(decoded.working));
      modelMs = 0;
      const body = await time('body (person segmentation, pose when a person is segmented)', () => analyzeBody(runner, decoded.working));
      if (measure) record('  of which body model runs (wall, summed)', modelMs, 0);
      const objects = await time('objects (NanoDet)', () => analyzeObjects(runner, decoded.working));
      modelMs = 0;
      // As analyzeImage runs them: the tiles only where object detection or the pose places a person.
      const tileGate = Promise.resolve(personTileGate(personWitnesses(body, objects), decoded.working));
      const faces = await time('faces and eyes (frame passes, tiles where a person may be, face mesh)', () => analyzeFaces(runner, decoded.working, decoded, { eyes: true, tileGate }));
      // Runs overlap (two whole-frame passes, then the tiles, at once): their wall times are summed.
      if (measure) record('  of which faces model runs (wall, summed)', modelMs, 0);
      await time('main face at full resolution (region decode, subject measures)', () => addFaceQuality(quality, faces, bytes, decoded, config));
      modelMs = 0;
      // As analyzeImage runs it: the mirrored and central views only when a person was found.
      const content = await time('content classifier (1 view + appearance crop; 3 views with a person)', async () =>
        (await analyzeContentWithFeatures(runner, decoded.working, { moreViews: Promise.resolve(!noPersonFound({ faces: faces.face_count, body })) })).rating,
      );
      if (measure) record('  of which content model runs (wall, summed)', modelMs, 0);
      await time('embedded scoring (face and background measures, level)', () =>
        embeddedLevel({ working: decoded.working, quality, source: sourceInfo(decoded, bytes.length), faces: faces.faces, content: requirePerson(content, { faces: faces.face_count, body }), body }),
      );
      await time('whole analyzeImage (decode + all of the above but the hash)', () => analyzeImage(bytes, deps));
      await time('thumbnail (512 px JPEG written)', () => writeJpegThumbnail(decoded.working, config.thumbnailLongSidePx, path.join(scratch, 'thumb.jpg')));
    }
  }
} finally {
  await factory.close();
  await heic.close();
  await rm(scratch, { recursive: true, force: true });
}
const round1 = (value: number): number => Math.round(value * 10) / 10;
const medianMs = Object.fromEntries(Object.entries(stages).map(([stage, times]) => [stage, round1(upperMedian(times.wall))]));
const medianCpuMs = Object.fromEntries(Object.entries(stages).map(([stage, times]) => [stage, round1(upperMedian(times.cpu))]));
const providers = [...new Set(['blazeface-full-range', 'nsfwjs-mobilenet-v2'].map((id) => factory.providerOf(id)))];
process.stdout.write(`${JSON.stringify({ photos: files.length, providers, medianMs, medianCpuMs })}\n`);
