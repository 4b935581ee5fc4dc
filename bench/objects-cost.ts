/**
 * CPU per photo of the objects analyzer (NanoDet through the real model store and ONNX session, in
 * this process so its CPU time is counted): the 416² letterbox from the working image, the model
 * run, and the box decoding, on the corpus photos that have people, birds and scenes.
 *
 *   node --import tsx bench/objects-cost.ts
 *
 * Prints one line per photo and the mean; CPU time is process.cpuUsage (all threads), wall time
 * performance.now(). Decoding the photo to its working image is not counted: every analyzer shares it.
 * The pooling of the backbone's activations for the quality estimate (object-appearance.ts) is
 * timed on its own as well (CPU of this thread's work: onnxruntime's threads are idle then).
 */
import path from 'node:path';
import { ModelStore } from '../src-main/engine/models/model-store.js';
import { OrtSessionFactory } from '../src-main/engine/models/ort-session-factory.js';
import { poolObjectAppearance } from '../src-main/engine/objects/object-appearance.js';
import { detectionsFrom, detectObjects, NANODET_MODEL_ID, runNanodet } from '../src-main/engine/objects/object-detector.js';
import { BENCH_MODEL_CACHE } from './bench-common.js';
import { COST_PHOTOS, costPhotoWorkings } from './cost-photos.js';

const photos = COST_PHOTOS;
const factory = new OrtSessionFactory(new ModelStore(BENCH_MODEL_CACHE));
const workings = await costPhotoWorkings(photos);
// First run: conversion (or the cache read) and session creation, not a photo's cost.
await detectObjects(factory, workings[0]!);
await detectObjects(factory, workings[0]!);

const ROUNDS = 3;
let cpuTotal = 0;
let wallTotal = 0;
let poolTotal = 0;
for (const [index, working] of workings.entries()) {
  let cpu = 0;
  let wall = 0;
  let found = '';
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    const started = performance.now();
    const { outputs, letterbox } = await runNanodet(factory, working);
    const detections = detectionsFrom(outputs, letterbox);
    const poolStarted = process.cpuUsage();
    poolObjectAppearance(outputs, letterbox);
    const pooled = process.cpuUsage(poolStarted);
    poolTotal += (pooled.user + pooled.system) / 1000 / ROUNDS / workings.length;
    wall += performance.now() - started;
    const used = process.cpuUsage(before);
    cpu += (used.user + used.system) / 1000;
    found = detections.filter((detection) => detection.score >= 0.36).map((detection) => `${detection.label} ${detection.score.toFixed(2)}`).join(', ');
  }
  cpuTotal += cpu / ROUNDS;
  wallTotal += wall / ROUNDS;
  console.log(`${path.basename(photos[index]!).padEnd(28)} ${working.width}×${working.height}  cpu ${(cpu / ROUNDS).toFixed(1)} ms  wall ${(wall / ROUNDS).toFixed(1)} ms  ${found}`);
}
console.log(`${NANODET_MODEL_ID} on ${factory.providerOf(NANODET_MODEL_ID)}: mean cpu ${(cpuTotal / workings.length).toFixed(1)} ms, wall ${(wallTotal / workings.length).toFixed(1)} ms per photo (${workings.length} photos × ${ROUNDS}), of which pooling the backbone for the quality estimate ${poolTotal.toFixed(2)} ms`);
await factory.close();
