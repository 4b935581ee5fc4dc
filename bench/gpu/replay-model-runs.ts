/**
 * Replays the model runs record-model-runs.ts recorded (the same photos' exact inputs, in the
 * engine's order) on each execution provider, through the engine's own session code, and prints
 * what the models cost per photo on each, against CPU, with how far each provider's outputs are
 * from CPU's. It needs only Node and onnxruntime-node, so it runs on a GPU machine that has
 * nothing else of the project (see bench/README.md, "GPU execution providers"):
 *
 *   node --import tsx bench/gpu/replay-model-runs.ts bench/.data/gpu-runs [--providers cpu,webgpu,cuda,mixed] [--rounds 5] [--json out.json]
 *
 * `mixed` puts only the models named by --gpu-models (default: NanoDet and the 448² trunk, the two
 * large ones) on WebGPU and the rest on CPU.
 * Runs are sequential, one photo after another, as one engine worker makes them; wall time is what
 * a GPU provider changes (its CPU cost is printed beside it: what the CPU keeps for decoding).
 * CPU sessions have the engine's settings (one intra-op thread); `cpu-all-cores` is CPU with one
 * thread per core, for scale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { providerAvailability, type ExecutionProvider } from '../../src-main/engine/models/execution-providers.js';
import { createSessionOnPreferredProvider } from '../../src-main/engine/models/session-on-provider.js';
import { upperMedian } from '../bench-common.js';
import { inputOf, type RecordedRuns } from './recorded-runs.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    providers: { type: 'string', default: 'cpu,webgpu,cuda' },
    'gpu-models': { type: 'string', default: 'nanodet-m,nsfwjs-mobilenet-v2-448' },
    rounds: { type: 'string', default: '5' },
    json: { type: 'string' },
  },
});
const dir = positionals[0] ?? 'bench/.data/gpu-runs';
const rounds = Number(args.rounds);
const index = JSON.parse(readFileSync(path.join(dir, 'runs.json'), 'utf8')) as RecordedRuns;
const inputsFile = new Uint8Array(readFileSync(path.join(dir, 'runs.bin')));
const inputs = index.runs.map((run) => inputOf(index.models[run.model]!, run, inputsFile));
const modelIds = Object.keys(index.models);
/** Each photo's runs (indices into index.runs), in the order the engine made them. */
const runsOfPhoto = index.photos.map((_, photo) => index.runs.flatMap((run, i) => (run.photo === photo ? [i] : [])));

type Sessions = Map<string, InferenceSession>;
type Outputs = Array<Record<string, Float32Array>>;
type ProviderFigures = {
  provider: string;
  available: boolean;
  reason: string;
  /** Per photo: median over rounds of the summed wall (and process CPU) of its runs, ms. */
  photoWallMs: number[];
  photoCpuMs: number[];
  /** All photos' runs at once (each photo's in order, as the engine's workers make them): wall and CPU per photo, median over rounds. */
  concurrentWallMsPerPhoto: number;
  concurrentCpuMsPerPhoto: number;
  /** Per model: median wall of one run, ms. */
  runWallMs: Record<string, number>;
  /** Per model: the largest |output − CPU's output| and the largest |CPU output| it is measured against. */
  vsCpu: Record<string, { maxAbsDiff: number; maxAbs: number }>;
  sessionMs: number;
};

const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function runOnce(sessions: Sessions, runIndex: number): Promise<Record<string, Float32Array>> {
  const run = index.runs[runIndex]!;
  const session = sessions.get(run.model)!;
  const feeds = { [session.inputNames[0]!]: new Tensor('float32', inputs[runIndex]!, index.models[run.model]!.shape) };
  const results = await session.run(feeds);
  return Object.fromEntries(session.outputNames.map((name) => [name, results[name]!.data as Float32Array]));
}

async function measure(label: string, providerOf: (id: string) => ExecutionProvider, reference: Outputs | null): Promise<{ figures: ProviderFigures; outputs: Outputs | null }> {
  const figures: ProviderFigures = { provider: label, available: true, reason: '', photoWallMs: [], photoCpuMs: [], concurrentWallMsPerPhoto: 0, concurrentCpuMsPerPhoto: 0, runWallMs: {}, vsCpu: {}, sessionMs: 0 };
  const sessions: Sessions = new Map();
  const started = performance.now();
  try {
    for (const id of modelIds) {
      const provider = providerOf(id);
      const availability = providerAvailability({ CULLER_EXECUTION_PROVIDERS: provider }).find((entry) => entry.provider === provider)!;
      if (!availability.available) return { figures: { ...figures, available: false, reason: availability.reason }, outputs: null };
      const source = new Uint8Array(readFileSync(path.join(dir, index.models[id]!.file)));
      // Only this provider: a failure is reported, not quietly replaced by CPU.
      const created = await createSessionOnPreferredProvider(source, { label: id, providers: [availability], log: () => {} });
      sessions.set(id, created.session);
    }
  } catch (error) {
    figures.available = false;
    figures.reason = `creating its sessions failed: ${(error as Error).message.split('\n')[0]}`;
    return { figures, outputs: null };
  }
  figures.sessionMs = performance.now() - started;
  // Warm-up: each run once (a GPU provider compiles its kernels on first use); its outputs are the ones compared.
  const outputs: Outputs = [];
  for (let i = 0; i < index.runs.length; i++) outputs.push(await runOnce(sessions, i));
  if (reference) {
    for (let i = 0; i < index.runs.length; i++) {
      const seen = (figures.vsCpu[index.runs[i]!.model] ??= { maxAbsDiff: 0, maxAbs: 0 });
      for (const [name, values] of Object.entries(outputs[i]!)) {
        const expected = reference[i]![name]!;
        for (let j = 0; j < values.length; j++) {
          seen.maxAbsDiff = Math.max(seen.maxAbsDiff, Math.abs(values[j]! - expected[j]!));
          seen.maxAbs = Math.max(seen.maxAbs, Math.abs(expected[j]!));
        }
      }
    }
  }
  const photoWall = index.photos.map(() => [] as number[]);
  const photoCpu = index.photos.map(() => [] as number[]);
  const runWall = new Map<string, number[]>(modelIds.map((id) => [id, []]));
  for (let round = 0; round < rounds; round++) {
    for (let photo = 0; photo < index.photos.length; photo++) {
      const wall = performance.now();
      const cpu = cpuNow();
      for (const i of runsOfPhoto[photo]!) {
        const runStarted = performance.now();
        await runOnce(sessions, i);
        runWall.get(index.runs[i]!.model)!.push(performance.now() - runStarted);
      }
      photoWall[photo]!.push(performance.now() - wall);
      photoCpu[photo]!.push(cpuNow() - cpu);
    }
  }
  const concurrentWall: number[] = [];
  const concurrentCpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const wall = performance.now();
    const cpu = cpuNow();
    await Promise.all(
      runsOfPhoto.map(async (runs) => {
        for (const i of runs) await runOnce(sessions, i);
      }),
    );
    concurrentWall.push((performance.now() - wall) / index.photos.length);
    concurrentCpu.push((cpuNow() - cpu) / index.photos.length);
  }
  figures.concurrentWallMsPerPhoto = upperMedian(concurrentWall);
  figures.concurrentCpuMsPerPhoto = upperMedian(concurrentCpu);
  figures.photoWallMs = photoWall.map(upperMedian);
  figures.photoCpuMs = photoCpu.map(upperMedian);
  for (const [id, values] of runWall) figures.runWallMs[id] = upperMedian(values);
  for (const session of sessions.values()) await session.release();
  return { figures, outputs };
}

const requested = args.providers!.split(',').map((name) => name.trim());
const gpuModels = new Set(args['gpu-models']!.split(','));
const results: ProviderFigures[] = [];
let cpuOutputs: Outputs | null = null;
for (const name of requested) {
  const allCores = name === 'cpu-all-cores';
  if (allCores) process.env.CULLER_ORT_THREADS = '0';
  const providerOf = (id: string): ExecutionProvider => (allCores ? 'cpu' : name === 'mixed' ? (gpuModels.has(id) ? 'webgpu' : 'cpu') : (name as ExecutionProvider));
  const { figures, outputs } = await measure(name, providerOf, name === 'cpu' ? null : cpuOutputs);
  delete process.env.CULLER_ORT_THREADS;
  if (name === 'cpu') cpuOutputs = outputs;
  results.push(figures);
  console.error(`${name}: ${figures.available ? `measured (sessions created in ${figures.sessionMs.toFixed(0)} ms)` : `not measured: ${figures.reason}`}`);
}

const cpu = results.find((entry) => entry.provider === 'cpu' && entry.available);
const measured = results.filter((entry) => entry.available);
const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
console.log(`\nModel runs of ${index.photos.length} photos (${index.runs.length} runs, ${rounds} rounds, median): wall ms per photo`);
console.log(['photo'.padEnd(34), ...measured.map((entry) => entry.provider.padStart(14))].join(''));
index.photos.forEach((photo, i) => console.log([path.basename(photo).padEnd(34), ...measured.map((entry) => entry.photoWallMs[i]!.toFixed(1).padStart(14))].join('')));
console.log(['mean'.padEnd(34), ...measured.map((entry) => (sum(entry.photoWallMs) / index.photos.length).toFixed(1).padStart(14))].join(''));
console.log(['  process CPU ms per photo'.padEnd(34), ...measured.map((entry) => (sum(entry.photoCpuMs) / index.photos.length).toFixed(1).padStart(14))].join(''));
if (cpu) console.log(['  wall, × CPU'.padEnd(34), ...measured.map((entry) => (sum(entry.photoWallMs) / sum(cpu.photoWallMs)).toFixed(2).padStart(14))].join(''));
console.log([`all ${index.photos.length} at once: wall ms/photo`.padEnd(34), ...measured.map((entry) => entry.concurrentWallMsPerPhoto.toFixed(1).padStart(14))].join(''));
console.log(['  process CPU ms per photo'.padEnd(34), ...measured.map((entry) => entry.concurrentCpuMsPerPhoto.toFixed(1).padStart(14))].join(''));
console.log(`\nOne run, median wall ms (max |output − CPU's| / max |CPU output|)`);
for (const id of modelIds) {
  const count = index.runs.filter((run) => run.model === id).length;
  const cells = measured.map((entry) => {
    const parity = entry.vsCpu[id];
    return `${entry.runWallMs[id]!.toFixed(2)}${parity ? ` (${parity.maxAbsDiff.toExponential(1)}/${parity.maxAbs.toPrecision(2)})` : ''}`.padStart(26);
  });
  console.log([`${id} ×${count}`.padEnd(34), ...cells].join(''));
}
for (const entry of results.filter((candidate) => !candidate.available)) console.log(`${entry.provider}: not measured: ${entry.reason}`);
if (args.json) writeFileSync(args.json, `${JSON.stringify({ photos: index.photos, runs: index.runs.length, rounds, results }, null, 1)}\n`);
