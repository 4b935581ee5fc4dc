/**
 * The real-shoot bench (`npm run bench` runs it after the 12 MP fixture; `npm run bench:shoot`
 * alone): the camera JPEGs of ../shared/corpus/camera (8–16 MP, 2.4–4 MB, straight from the
 * cameras), copied to distinct files, rated by the full embedded pipeline (faces, eyes, content:
 * models on) against a bare decode-and-shrink of the same files in the same run; photos per
 * second and peak RSS of each; the event-loop delay of `culler serve` importing the shoot; and
 * RSS over a long run (BENCH_MEMORY_PHOTOS, default 200; 1000 for the README figure;
 * BENCH_MEMORY_LONG_SIDE shrinks its sources to that long side first, e.g. 2048 for a quicker
 * 1,000-photo run).
 *
 * BENCH_SHOOT_ROUNDS (default 3) alternating bare/engine rounds; BENCH_SHOOT_COPIES (default 5)
 * copies of each of the 8 photos (40 files).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { tuneThreadpool } from '../src-main/engine/runtime-tuning.js';
import { median, PhaseResultSchema, REPO_ROOT, type PhaseResult } from './bench-common.js';
import { ensureCameraShoot } from './camera-shoot-files.js';

const CAMERA_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'camera');
const SHOOT_DIR = path.join(REPO_ROOT, 'bench', '.data', 'camera-shoot');
/** The issue's goal for the full embedded pipeline against the bare decode; 0.65× is the floor. */
const GOAL_RATIO = 0.8;
const FLOOR_RATIO = 0.65;

const intFromEnv = (name: string, fallback: number, max: number): number => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be an integer 1–${max}, got ${text}`);
  return value;
};

const MemoryResultSchema = z.object({
  phase: z.literal('memory'),
  photos: z.number(),
  seconds: z.number(),
  longSide: z.number().nullable(),
  providers: z.array(z.string()),
  samples: z.array(z.object({ photos: z.number(), rssMb: z.number(), peakMb: z.number() })),
});
const ProfileResultSchema = z.object({
  photos: z.number(),
  providers: z.array(z.string().nullable()),
  medianMs: z.record(z.string(), z.number()),
  medianCpuMs: z.record(z.string(), z.number()),
});
const ServeResultSchema = z.object({
  phase: z.literal('serve-import'),
  photos: z.number(),
  seconds: z.number(),
  peakMb: z.number(),
  eventLoopDelayMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
  idleEventLoopDelayMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
});

function runChild(script: string, args: string[]): Promise<unknown> {
  const env = { ...process.env };
  tuneThreadpool(env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(REPO_ROOT, 'bench', script), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`${script} ${args.slice(0, 2).join(' ')} failed (exit ${code ?? signal}):\n${stderr.trim() || stdout.trim()}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? ''));
      } catch (error) {
        reject(new Error(`${script} printed no result line: ${(error as Error).message}\n${stderr}`));
      }
    });
  });
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
const cpuMsPerPhoto = (result: PhaseResult): string => (result.cpuSeconds === undefined ? '?' : ((result.cpuSeconds * 1000) / result.images).toFixed(0));
/** Bare decode CPU over full-pipeline CPU per photo: what the wall-time ratio tends to on a CPU-bound machine. */
const cpuRatio = (bare: PhaseResult, engine: PhaseResult): string =>
  bare.cpuSeconds && engine.cpuSeconds ? (bare.cpuSeconds / bare.images / (engine.cpuSeconds / engine.images)).toFixed(2) : '?';

export async function runCameraShoot(): Promise<void> {
  const rounds = intFromEnv('BENCH_SHOOT_ROUNDS', 3, 50);
  const copies = intFromEnv('BENCH_SHOOT_COPIES', 5, 100);
  const memoryPhotos = intFromEnv('BENCH_MEMORY_PHOTOS', 200, 100_000);
  const memoryLongSide = process.env.BENCH_MEMORY_LONG_SIDE ? intFromEnv('BENCH_MEMORY_LONG_SIDE', 0, 20_000) : null;
  const shoot = await ensureCameraShoot(CAMERA_DIR, SHOOT_DIR, copies);
  console.log('');
  console.log('culler bench — a real shoot: camera JPEGs, full embedded pipeline (faces, eyes, content) vs bare decode-and-shrink');
  console.log(
    `  shoot     ${shoot.files.length} distinct JPEGs (${copies} copies × ${shoot.sources.length} cameras from ${path.relative(REPO_ROOT, CAMERA_DIR)}, ` +
      `a JPEG comment makes each copy's bytes distinct), ${mb(shoot.totalBytes)} MB, mean ${mb(shoot.totalBytes / shoot.files.length)} MB/file`,
  );

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'culler-bench-shoot-'));
  const bare: PhaseResult[] = [];
  const engine: PhaseResult[] = [];
  try {
    const filesList = path.join(scratch, 'files.json');
    await writeFile(filesList, JSON.stringify(shoot.files));
    for (let round = 1; round <= rounds; round++) {
      const b = PhaseResultSchema.parse(await runChild('phase.ts', ['--phase', 'bare', '--files', filesList]));
      const home = path.join(scratch, `home-${round}`);
      const e = PhaseResultSchema.parse(await runChild('phase.ts', ['--phase', 'engine', '--files', filesList, '--home', home]));
      await rm(home, { recursive: true, force: true });
      bare.push(b);
      engine.push(e);
      console.log(
        `  round ${round}   bare ${b.imagesPerSecond.toFixed(2)} photos/s (peak RSS ${b.peakRssMb.toFixed(0)} MB)   ` +
          `engine ${e.imagesPerSecond.toFixed(2)} photos/s (peak RSS ${e.peakRssMb.toFixed(0)} MB, event loop p99 ${e.eventLoopDelayMs?.p99.toFixed(1)} ms)   ` +
          `ratio ${(e.imagesPerSecond / b.imagesPerSecond).toFixed(2)}×   CPU per photo bare ${cpuMsPerPhoto(b)} ms, engine ${cpuMsPerPhoto(e)} ms ` +
          `(CPU ratio ${cpuRatio(b, e)}×)   load ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
    const serveHome = path.join(scratch, 'home-serve');
    const serve = ServeResultSchema.parse(await runChild('camera-shoot-phase.ts', ['--phase', 'serve-import', '--files', filesList, '--home', serveHome]));
    const memoryHome = path.join(scratch, 'home-memory');
    const sourcesList = path.join(scratch, 'sources.json');
    await writeFile(sourcesList, JSON.stringify(shoot.files.slice(0, shoot.sources.length)));
    const memory = MemoryResultSchema.parse(
      await runChild('camera-shoot-phase.ts', [
        '--phase', 'memory', '--files', sourcesList, '--count', String(memoryPhotos), '--home', memoryHome,
        ...(memoryLongSide ? ['--long-side', String(memoryLongSide)] : []),
      ]),
    );

    const profile = ProfileResultSchema.parse(await runChild('shoot-profile.ts', ['--files', sourcesList]));

    const ratios = engine.map((e, index) => e.imagesPerSecond / bare[index]!.imagesPerSecond);
    const ratio = median(ratios);
    const verdict = ratio >= GOAL_RATIO ? 'GOAL MET' : ratio >= FLOOR_RATIO ? `above the ${FLOOR_RATIO}× floor, below the ${GOAL_RATIO}× goal` : `BELOW the ${FLOOR_RATIO}× floor`;
    console.log('');
    console.log(`results (${shoot.files.length} photos × ${rounds} rounds, median of rounds):`);
    console.log(`  bare decode-and-shrink        ${median(bare.map((r) => r.imagesPerSecond)).toFixed(2).padStart(6)} photos/s   peak RSS ${Math.max(...bare.map((r) => r.peakRssMb)).toFixed(0)} MB`);
    console.log(`  full embedded pipeline        ${median(engine.map((r) => r.imagesPerSecond)).toFixed(2).padStart(6)} photos/s   peak RSS ${Math.max(...engine.map((r) => r.peakRssMb)).toFixed(0)} MB`);
    console.log(`  load average at the end:      ${os.loadavg().map((value) => value.toFixed(1)).join(' ')} (2 cores here; above 2 the machine is shared and wall times stretch)`);
    console.log(`  CPU ratio (bare / full):      ${median(engine.map((e, index) => Number(cpuRatio(bare[index]!, e))).filter(Number.isFinite)).toFixed(2)}×`);
    console.log(`  full pipeline / bare decode:  ${ratio.toFixed(2)}×  (per round ${ratios.map((value) => `${value.toFixed(2)}×`).join(', ')}; goal ${GOAL_RATIO}×)  ${verdict}`);
    console.log(`  models ran on:                ${memory.providers.join(', ') || 'no model ran'}`);
    console.log(
      `  culler serve importing the shoot: ${serve.photos} photos in ${serve.seconds.toFixed(1)} s, event-loop delay p50 ${serve.eventLoopDelayMs.p50.toFixed(1)} / ` +
        `p99 ${serve.eventLoopDelayMs.p99.toFixed(1)} / max ${serve.eventLoopDelayMs.max.toFixed(1)} ms (target p99 < 20 ms; the idle server: ` +
        `p50 ${serve.idleEventLoopDelayMs.p50.toFixed(1)} / p99 ${serve.idleEventLoopDelayMs.p99.toFixed(1)} / max ${serve.idleEventLoopDelayMs.max.toFixed(1)} ms), peak RSS ${serve.peakMb} MB`,
    );
    console.log(
      `  where a photo's time goes, one photo at a time, stage by stage (median of the ${profile.photos} cameras; models on ${profile.providers.join(', ')}):` +
        `\n    ${'stage'.padEnd(68)} ${'wall ms'.padStart(8)} ${'CPU ms'.padStart(8)}`,
    );
    for (const [stage, ms] of Object.entries(profile.medianMs)) {
      // The model runs' row sums wall times of overlapping runs; their CPU is inside the stage above.
      const cpu = stage.includes('wall, summed') ? '—' : (profile.medianCpuMs[stage] ?? 0).toFixed(1);
      console.log(`    ${stage.padEnd(68)} ${ms.toFixed(1).padStart(8)} ${cpu.padStart(8)}`);
    }
    const first = memory.samples[0]!;
    const last = memory.samples.at(-1)!;
    // The first sample, the first at or past 100, 250, 500, 1,000 … photos, and the last.
    const marks = [...new Set([first, ...[100, 250, 500, 1000, 2500, 5000].flatMap((mark) => memory.samples.find((sample) => sample.photos >= mark) ?? []), last])];
    console.log(
      `  memory over ${memory.photos} photos (${memory.longSide ? `sources shrunk to ${memory.longSide} px, ` : ''}${(memory.photos / memory.seconds).toFixed(2)} photos/s), ` +
        `RSS (peak so far) after N photos: ` +
        marks.map((sample) => `${sample.photos}: ${sample.rssMb} (${sample.peakMb}) MB`).join(', '),
    );
    const growth = last.peakMb - first.peakMb;
    console.log(
      `  peak RSS ${first.peakMb} MB after the first ${first.photos} photos, ${last.peakMb} MB after ${last.photos}: ` +
        `${growth >= 0 ? '+' : ''}${growth} MB (${((growth / first.peakMb) * 100).toFixed(0)} %)  ${Math.abs(growth) <= first.peakMb * 0.15 ? 'FLAT' : 'GROWS'}`,
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await runCameraShoot();
  } catch (error) {
    console.error(`bench FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
