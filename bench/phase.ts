/**
 * One benchmark phase, run alone in its own process so that its peak RSS is its own:
 *
 *   node --import tsx bench/phase.ts --phase bare|engine|engine-cached --files <list.json> [--home <dir>]
 *
 * Prints one JSON line (PhaseResult) on stdout; progress and errors go to stderr. Exits non-zero,
 * loudly, when any image fails, so a broken engine can never pass for a fast one.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { z } from 'zod';
import { defaultEngineConfig } from '../src-main/engine/config.js';
import { CullingEngine, type FileRating } from '../src-main/engine/engine.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { regionToTensor, letterboxRegion } from '../src-main/engine/faces/image-to-tensor.js';
import { decodeImage } from '../src-main/engine/image/decode.js';
import { HeicDecoder } from '../src-main/engine/image/heic-decoder.js';
import { modelManifest } from '../src-main/engine/models/model-manifest.js';
import { ModelStore } from '../src-main/engine/models/model-store.js';
import { OrtSessionFactory } from '../src-main/engine/models/ort-session-factory.js';
import { BENCH_MODEL_CACHE, PHASES, type PhaseName, type PhaseResult } from './bench-common.js';
import { withComment } from './camera-shoot-files.js';

/** The cached phase is microseconds per image; going round the list until this much time has passed gives a readable figure. */
const CACHED_MIN_SECONDS = 0.5;
const CACHED_MAX_PASSES = 200;

const { values } = parseArgs({
  options: { phase: { type: 'string' }, files: { type: 'string' }, home: { type: 'string' } },
  strict: true,
});
const phase = z.enum(PHASES).parse(values.phase);
if (!values.files) throw new Error('--files <list.json> is required');
const files = z.array(z.string()).min(1).parse(JSON.parse(await readFile(values.files, 'utf8')));
const config = defaultEngineConfig();

const measured = await runPhase(phase, files, values.home);
const result: PhaseResult = {
  phase,
  images: measured.images,
  passes: measured.passes,
  seconds: measured.seconds,
  imagesPerSecond: measured.images / measured.seconds,
  peakRssMb: peakRssMb(),
  openMs: measured.openMs,
  cpuSeconds: measured.cpuSeconds,
  eventLoopDelayMs: measured.eventLoopDelayMs ?? null,
  modelLatencyMs: measured.modelLatencyMs ?? null,
};
process.stdout.write(`${JSON.stringify(result)}\n`);

type Measured = {
  images: number;
  passes: number;
  seconds: number;
  openMs: number | null;
  cpuSeconds?: number;
  eventLoopDelayMs?: PhaseResult['eventLoopDelayMs'];
  modelLatencyMs?: PhaseResult['modelLatencyMs'];
};

async function runPhase(name: PhaseName, list: string[], home: string | undefined): Promise<Measured> {
  switch (name) {
    case 'bare':
      return runBare(list);
    case 'engine-pixels':
      return runEngine(list, requireHome(home), false, false);
    case 'engine':
      return runEngine(list, requireHome(home), false, true);
    case 'engine-cached':
      return runEngine(list, requireHome(home), true, true);
    case 'models':
      return runModels(list);
  }
}

function requireHome(home: string | undefined): string {
  if (!home) throw new Error('--home <dir> is required for the engine phases');
  return home;
}

/**
 * Peak resident set of this process, in MB. On Linux, getrusage's maxRSS (what
 * process.resourceUsage().maxRSS reports) survives exec: a child starts with the parent's peak at
 * spawn time, so every phase would read at least the orchestrator's high-water mark. VmHWM in
 * /proc/self/status is the high-water mark of this process's own address space only.
 */
function peakRssMb(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** One image is enough: with 1, 4 and all 17 warm-up images the measured rates were the same within noise. */
function warmUpFiles(list: string[]): string[] {
  return list.slice(0, 1);
}

function cpuSecondsSince(before: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1e6;
}

function collectGarbage(): void {
  globalThis.gc?.();
}

/**
 * The floor: what decoding alone costs. The same sharp options and pipeline as the engine's
 * decode (src-main/engine/image/decode.ts) down to the raw working image, and nothing after it.
 */
async function bareDecode(file: string): Promise<number> {
  const bytes = await readFile(file);
  const image = sharp(bytes, { failOn: 'error', limitInputPixels: config.limits.maxPixels, animated: false });
  const meta = await image.metadata();
  if (!meta.width || !meta.height) throw new Error(`${file}: header has no size`);
  const { data } = await image
    .autoOrient()
    .resize({ width: config.workingLongSidePx, height: config.workingLongSidePx, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: { r: 255, g: 255, b: 255 } })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return data.length;
}

async function runBare(list: string[]): Promise<Measured> {
  for (const file of warmUpFiles(list)) await bareDecode(file); // warm-up: JIT, libvips start-up, first-touch allocations
  collectGarbage();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < list.length) {
      const index = next++;
      const length = await bareDecode(list[index]!);
      if (length === 0) throw new Error(`${list[index]}: empty decode`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(config.concurrency, list.length)) }, lane));
  return { images: list.length, passes: 1, seconds: (performance.now() - started) / 1000, openMs: null, cpuSeconds: cpuSecondsSince(cpuBefore) };
}

function assertRatings(ratings: FileRating[], expectCached: boolean): void {
  const problems: string[] = [];
  for (const rating of ratings) {
    if (!rating.ok) problems.push(`${rating.path}: ${rating.error.code}: ${rating.error.message}`);
    else if (rating.cached !== expectCached) problems.push(`${rating.path}: cached=${rating.cached}, expected ${expectCached}`);
  }
  if (problems.length > 0) throw new Error(`engine rating failed for ${problems.length} file(s):\n  ${problems.join('\n  ')}`);
}

async function runEngine(list: string[], home: string, cachedPass: boolean, models: boolean): Promise<Measured> {
  const options = { models, modelCacheDir: BENCH_MODEL_CACHE };
  const opening = performance.now();
  const engine = CullingEngine.open({ home, ...options });
  const openMs = performance.now() - opening;
  // Warm-up on the measured engine itself, as a running app or server is: its analysis workers and
  // model worker started, code loaded, sessions created (a one-time 5–10 s of CPU under tsx that
  // would otherwise be charged to the first photos). Distinct copies of the first photos (a JPEG
  // comment changes the bytes, not the pixels), as many as rate at once so every worker starts;
  // the measured list stays unseen by the catalog.
  const warmFolder = await mkdtemp(path.join(os.tmpdir(), 'culler-bench-warm-'));
  try {
    const warmFiles = await distinctWarmUpCopies(list, warmFolder, Math.max(1, config.concurrency));
    if (warmFiles.length > 0) assertRatings(await engine.rateFiles(warmFiles, () => {}), false);
  } catch (error) {
    await engine.close();
    throw error;
  } finally {
    await rm(warmFolder, { recursive: true, force: true });
  }
  collectGarbage();

  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let passes = 0;
    do {
      assertRatings(await engine.rateFiles(list, () => {}), cachedPass);
      passes++;
    } while (cachedPass && passes < CACHED_MAX_PASSES && (performance.now() - started) / 1000 < CACHED_MIN_SECONDS);
    const seconds = (performance.now() - started) / 1000;
    delay.disable();
    const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e4) / 100;
    const eventLoopDelayMs = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) };
    return { images: list.length * passes, passes, seconds, openMs, eventLoopDelayMs, cpuSeconds: cpuSecondsSince(cpuBefore) };
  } finally {
    await engine.close();
  }
}

/** Copies of the first `count` JPEGs of the list made distinct by a comment; none when they are not JPEGs (the fixture). */
async function distinctWarmUpCopies(list: string[], folder: string, count: number): Promise<string[]> {
  const copies: string[] = [];
  for (const [index, file] of list.slice(0, count).entries()) {
    const bytes = await readFile(file);
    if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return [];
    const copy = path.join(folder, `warm-up-${index}.jpg`);
    await writeFile(copy, withComment(bytes, `culler bench warm-up ${index}`));
    copies.push(copy);
  }
  return copies;
}

/** Latency of each embedded model alone, on a real photo's input, on the first available provider. */
async function runModels(list: string[]): Promise<Measured> {
  const store = new ModelStore(BENCH_MODEL_CACHE);
  const factory = new OrtSessionFactory(store);
  const working = (await decodeImage(await readFile(list[0]!), { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic: new HeicDecoder() })).working;
  const latency: NonNullable<PhaseResult['modelLatencyMs']> = {};
  const started = performance.now();
  let runs = 0;
  try {
    for (const entry of modelManifest()) {
      const spec = entry.input;
      const [height, width] = spec.layout === 'NCHW' ? [spec.shape[2], spec.shape[3]] : [spec.shape[1], spec.shape[2]];
      if (height !== width) throw new Error(`${entry.id}: non-square input`);
      let input: Float32Array;
      if (spec.layout === 'NCHW') {
        // Planar channels (BGR for NanoDet), each with its own mean and deviation.
        const pixels = regionToTensor(working, letterboxRegion(working), width, 0, 1);
        const plane = width * height;
        input = new Float32Array(3 * plane);
        for (let channel = 0; channel < 3; channel++) {
          const source = spec.color === 'BGR' ? 2 - channel : channel;
          for (let pixel = 0; pixel < plane; pixel++) input[channel * plane + pixel] = (pixels[pixel * 3 + source]! - spec.mean[channel]!) / spec.std[channel]!;
        }
      } else {
        input = regionToTensor(working, letterboxRegion(working), width, spec.mean, spec.std);
      }
      await factory.run(entry.id, input); // first run: session creation, allocations
      const times: number[] = [];
      for (let index = 0; index < 30; index++) {
        const before = performance.now();
        await factory.run(entry.id, input);
        times.push(performance.now() - before);
      }
      runs += times.length;
      times.sort((a, b) => a - b);
      const round = (value: number): number => Math.round(value * 100) / 100;
      latency[entry.id] = { median: round(times[15]!), p90: round(times[27]!), provider: factory.providerOf(entry.id) ?? 'unknown' };
    }
  } finally {
    await factory.close();
  }
  return { images: runs, passes: 1, seconds: (performance.now() - started) / 1000, openMs: null, modelLatencyMs: latency };
}
