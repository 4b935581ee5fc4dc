/**
 * CPU per photo of the quality estimate's wide appearance view (content/appearance.ts: the whole
 * frame squeezed to 448² and run through the content model's trunk, nsfwjs-mobilenet-v2-448, then
 * pooled), through the real model store and ONNX session in this process, beside one 224² run of
 * the content classifier itself for scale, on the corpus photos objects-cost.ts uses.
 *
 *   node --import tsx bench/appearance-cost.ts
 *
 * CPU time is process.cpuUsage (all threads), wall time performance.now(). Decoding the photo to
 * its working image is not counted: every analyzer shares it.
 */
import path from 'node:path';
import { APPEARANCE_WIDE_MODEL_ID, appearanceWide, poolAppearance } from '../src-main/engine/content/appearance.js';
import { NSFW_MODEL_ID, unitInput } from '../src-main/engine/content/content.analyzer.js';
import { resizeRaw, type RawImage } from '../src-main/engine/image/raw-image.js';
import { ModelStore } from '../src-main/engine/models/model-store.js';
import { OrtSessionFactory } from '../src-main/engine/models/ort-session-factory.js';
import { BENCH_MODEL_CACHE } from './bench-common.js';
import { COST_PHOTOS, costPhotoWorkings } from './cost-photos.js';

const photos = COST_PHOTOS;
const factory = new OrtSessionFactory(new ModelStore(BENCH_MODEL_CACHE));
const workings = await costPhotoWorkings(photos);
const wideView = async (working: RawImage): Promise<void> => {
  poolAppearance(await factory.run(APPEARANCE_WIDE_MODEL_ID, unitInput(await appearanceWide(working))));
};
const classifierView = async (working: RawImage): Promise<void> => {
  await factory.run(NSFW_MODEL_ID, unitInput(await resizeRaw(working, { width: 224, height: 224, fit: 'fill' }, true)));
};
// First runs: conversion (or the cache read) and session creation, not a photo's cost.
await wideView(workings[0]!);
await classifierView(workings[0]!);

const ROUNDS = 3;
const timed = async (run: (working: RawImage) => Promise<void>, working: RawImage): Promise<{ cpu: number; wall: number }> => {
  const before = process.cpuUsage();
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) await run(working);
  const used = process.cpuUsage(before);
  return { cpu: (used.user + used.system) / 1000 / ROUNDS, wall: (performance.now() - started) / ROUNDS };
};
let wideCpu = 0;
let classifierCpu = 0;
for (const [index, working] of workings.entries()) {
  const wide = await timed(wideView, working);
  const classifier = await timed(classifierView, working);
  wideCpu += wide.cpu / workings.length;
  classifierCpu += classifier.cpu / workings.length;
  console.log(`${path.basename(photos[index]!).padEnd(28)} wide view cpu ${wide.cpu.toFixed(1)} ms wall ${wide.wall.toFixed(1)} ms; 224² classifier run cpu ${classifier.cpu.toFixed(1)} ms`);
}
console.log(`${APPEARANCE_WIDE_MODEL_ID} on ${factory.providerOf(APPEARANCE_WIDE_MODEL_ID)}: mean cpu ${wideCpu.toFixed(1)} ms per photo (resize, run, pooling), against ${classifierCpu.toFixed(1)} ms for a 224² run of ${NSFW_MODEL_ID} (${workings.length} photos × ${ROUNDS})`);
await factory.close();
