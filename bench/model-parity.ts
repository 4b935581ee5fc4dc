/**
 * Each embedded model as this checkout converts it, against an earlier conversion of the same model
 * (the culler home's or a base checkout's models/converted folder): the outputs on real photos (every
 * output both graphs have, max abs difference) and the CPU one inference costs, alternating the two
 * sessions photo by photo so that a loaded machine weighs on both alike.
 *
 *   node --import tsx bench/model-parity.ts --before /tmp/base-17m/bench/.data/models [--models nanodet-m,face-landmark] [--rounds 3]
 *
 * The photos: the 8 camera JPEGs and the people and bird photos of ../shared/corpus, each shrunk
 * whole to the model's input (stretched, not letterboxed: what counts is that the pixels are real)
 * and normalised as models/manifest.json says. Sessions get the engine's own options (one thread,
 * no spinning, every graph optimisation), through the engine's own session code.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resizeRaw, type RawImage } from '../src-main/engine/image/raw-image.js';
import { manifestEntry, modelManifest, type ModelEntry } from '../src-main/engine/models/model-manifest.js';
import { ModelStore } from '../src-main/engine/models/model-store.js';
import { createSessionOnPreferredProvider } from '../src-main/engine/models/session-on-provider.js';
import { BENCH_MODEL_CACHE, REPO_ROOT, upperMedian } from './bench-common.js';
import { costPhotoWorkings } from './cost-photos.js';

const { values: args } = parseArgs({
  options: { before: { type: 'string' }, models: { type: 'string' }, rounds: { type: 'string', default: '3' }, tolerance: { type: 'string', default: '1e-4' } },
});
if (!args.before) throw new Error('--before <folder of earlier converted models> is required');
const beforeDir = args.before;
const rounds = Number(args.rounds);
const tolerance = Number(args.tolerance);
const ids = args.models ? args.models.split(',') : modelManifest().filter((entry) => entry.level === 'embedded').map((entry) => entry.id);

const corpus = path.join(REPO_ROOT, '..', 'shared', 'corpus');
const photos = [
  ...readdirSync(path.join(corpus, 'camera')).filter((name) => name.endsWith('.jpg')).map((name) => path.join(corpus, 'camera', name)),
  ...['obama.jpg', 'two_people.jpg', 'kit_with_rose.jpg', 'img1.jpg'].map((name) => path.join(corpus, 'faces', name)),
  ...['cockatoo-b-1.jpg', 'd70s-series-1.jpg'].map((name) => path.join(corpus, 'bursts', name)),
];

const workings = await costPhotoWorkings(photos);

/** The whole photo at the model's input size, normalised as the manifest says. */
async function modelInput(entry: ModelEntry, working: RawImage): Promise<Float32Array> {
  const spec = entry.input;
  const [height, width] = spec.layout === 'NHWC' ? [spec.shape[1], spec.shape[2]] : [spec.shape[2], spec.shape[3]];
  const { data } = await resizeRaw(working, { width, height, fit: 'fill' }, true);
  const input = new Float32Array(width * height * 3);
  if (spec.layout === 'NHWC') {
    for (let i = 0; i < input.length; i++) input[i] = (data[i]! - spec.mean) / spec.std;
    return input;
  }
  const plane = width * height;
  for (let channel = 0; channel < 3; channel++) {
    const source = spec.color === 'BGR' ? 2 - channel : channel;
    for (let i = 0; i < plane; i++) input[channel * plane + i] = (data[i * 3 + source]! - spec.mean[channel]!) / spec.std[channel]!;
  }
  return input;
}

/** The earlier conversion: the newest `<id>-<digest>.onnx` in the before folder. */
function beforeFile(id: string): string {
  const candidates = readdirSync(beforeDir)
    .filter((name) => name.startsWith(`${id}-`) && name.endsWith('.onnx') && /^[0-9a-f]{16}$/.test(name.slice(id.length + 1, -5)))
    .map((name) => path.join(beforeDir, name));
  if (candidates.length === 0) throw new Error(`no ${id}-*.onnx in ${beforeDir}`);
  return candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const store = new ModelStore(BENCH_MODEL_CACHE);
const providers = [{ provider: 'cpu' as const, available: true, reason: 'bench' }];
let failed = false;
for (const id of ids) {
  const entry = manifestEntry(id);
  const prepared = await store.prepare(id);
  const before = (await createSessionOnPreferredProvider(beforeFile(id), { label: `${id} before`, providers, log: () => {} })).session;
  const after = (await createSessionOnPreferredProvider(prepared.onnx, { label: `${id} after`, providers, log: () => {} })).session;
  const shape = [...entry.input.shape];
  const { Tensor } = await import('onnxruntime-node');
  const common = before.outputNames.filter((name) => after.outputNames.includes(name));
  let maxDiff = 0;
  /** Per output: the largest difference, and the largest magnitude it had before (what the difference is noise on). */
  const perOutput = new Map<string, { diff: number; magnitude: number }>(common.map((name) => [name, { diff: 0, magnitude: 0 }]));
  const cost = { before: [] as number[], after: [] as number[] };
  for (const working of workings) {
    const feedsOf = (names: readonly string[], input: Float32Array) => ({ [names[0]!]: new Tensor('float32', input, shape) });
    const input = await modelInput(entry, working);
    const outputs = { before: await before.run(feedsOf(before.inputNames, input)), after: await after.run(feedsOf(after.inputNames, input)) };
    for (const name of common) {
      const a = outputs.before[name]!.data as Float32Array;
      const b = outputs.after[name]!.data as Float32Array;
      if (a.length !== b.length) throw new Error(`${id}: output ${name} has ${a.length} values before, ${b.length} after`);
      const seen = perOutput.get(name)!;
      for (let i = 0; i < a.length; i++) {
        seen.diff = Math.max(seen.diff, Math.abs(a[i]! - b[i]!));
        seen.magnitude = Math.max(seen.magnitude, Math.abs(a[i]!));
      }
      maxDiff = Math.max(maxDiff, seen.diff);
    }
    for (let round = 0; round < rounds; round++) {
      for (const [which, session] of [['before', before], ['after', after]] as const) {
        const started = process.cpuUsage();
        await session.run(feedsOf(session.inputNames, input));
        cost[which].push(cpuMs(started));
      }
    }
  }
  const dropped = before.outputNames.filter((name) => !after.outputNames.includes(name));
  const ok = maxDiff <= tolerance;
  failed ||= !ok;
  console.log(
    `${id.padEnd(22)} cpu/run before ${upperMedian(cost.before).toFixed(2).padStart(6)} ms  after ${upperMedian(cost.after).toFixed(2).padStart(6)} ms  ` +
      `max |diff| ${maxDiff.toExponential(2)} on ${common.length} outputs × ${workings.length} photos ${ok ? 'ok' : `OVER ${tolerance}`}` +
      (dropped.length ? `  (dropped outputs: ${dropped.join(', ')})` : ''),
  );
  if (maxDiff > 0) for (const [name, seen] of perOutput) console.log(`  ${name}: max |diff| ${seen.diff.toExponential(2)} where |values| reach ${seen.magnitude.toPrecision(3)}`);
  await before.release();
  await after.release();
}
process.exitCode = failed ? 1 : 0;
