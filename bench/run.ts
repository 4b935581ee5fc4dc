/**
 * `npm run bench`: rates a folder of 12-megapixel images made from the corpus and prints the
 * engine's images per second, its ratio to a bare sharp decode-and-resize of the same files in the
 * same run, and peak RSS. Target: engine throughput at least 0.5× the bare decode's.
 *
 * Each phase runs in its own child process (bench/phase.ts) so that peak RSS is per phase. The
 * phases alternate over several rounds after a discarded warm-up, and the median is reported, so
 * that a noisy shared machine slows both sides alike. A report, not a test: it exits 0 whether or
 * not the target is met, and non-zero only when something fails.
 *
 * BENCH_ROUNDS (default 7) sets the number of measured rounds.
 */
import { spawn } from 'node:child_process';
import { tuneThreadpool } from '../src-main/engine/runtime-tuning.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { defaultEngineConfig } from '../src-main/engine/config.js';
import { CORPUS_DIR, FIXTURE_DIR, median, PhaseResultSchema, REPO_ROOT, type PhaseName, type PhaseResult } from './bench-common.js';
import { ensureFixture } from './fixture-12mp.js';
import { runRawBench } from './raw.js';
import { runGroupingBench } from './grouping.js';

const TARGET_RATIO = 0.5;
const ROUNDS = readRounds(process.env.BENCH_ROUNDS);
const PHASE_ENV: NodeJS.ProcessEnv = { ...process.env };
tuneThreadpool(PHASE_ENV);
const PHASE_SCRIPT = path.join(REPO_ROOT, 'bench', 'phase.ts');

function readRounds(text: string | undefined): number {
  if (text === undefined || text === '') return 7;
  const rounds = Number(text);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) throw new Error(`BENCH_ROUNDS must be an integer 1–50, got ${text}`);
  return rounds;
}

const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
const fixed = (value: number, digits: number): string => value.toFixed(digits);

/** Runs one phase in a fresh Node process and returns the JSON line it printed. */
function runPhase(phase: PhaseName, filesList: string, home: string | null): Promise<PhaseResult> {
  const args = ['--expose-gc', '--import', 'tsx', PHASE_SCRIPT, '--phase', phase, '--files', filesList];
  if (home) args.push('--home', home);
  return new Promise((resolve, reject) => {
    // Both phases get the threadpool size the culler CLI runs with, so the comparison stays like for like.
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: PHASE_ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`phase "${phase}" failed (exit ${code ?? signal}):\n${stderr.trim() || stdout.trim()}`));
        return;
      }
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(PhaseResultSchema.parse(JSON.parse(line)));
      } catch (error) {
        reject(new Error(`phase "${phase}" printed no valid result line: ${(error as Error).message}\nstdout: ${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}

function describe(label: string, result: PhaseResult): string {
  const passes = result.passes > 1 ? ` (${result.passes} passes)` : '';
  const open = result.openMs === null ? '' : `, open ${fixed(result.openMs, 0)} ms`;
  return `  ${label.padEnd(9)} ${result.phase.padEnd(14)} ${String(result.images).padStart(5)} img in ${fixed(result.seconds, 2).padStart(6)} s  ${fixed(result.imagesPerSecond, 2).padStart(8)} img/s  peak RSS ${fixed(result.peakRssMb, 0).padStart(4)} MB${open}${passes}`;
}

function printMachine(): void {
  const cpus = os.cpus();
  const config = defaultEngineConfig();
  console.log('culler bench — engine vs bare sharp decode on 12 MP JPEGs');
  console.log(`  machine   ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${mb(os.totalmem())} MB RAM, ${os.platform()} ${os.release()}`);
  console.log(`  runtime   node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, libvips threads/image ${sharp.concurrency()}, UV_THREADPOOL_SIZE ${PHASE_ENV.UV_THREADPOOL_SIZE} (both phases)`);
  console.log(`  settings  concurrency ${config.concurrency} (engine default, both phases), working long side ${config.workingLongSidePx} px, ${ROUNDS} rounds + warm-up`);
}

async function main(): Promise<void> {
  const runStarted = performance.now();
  printMachine();

  const fixture = await ensureFixture(CORPUS_DIR, FIXTURE_DIR);
  const sizes = fixture.entries.map((entry) => `${entry.width}×${entry.height}`);
  const landscape = sizes.filter((size) => size === '4000×3000').length;
  console.log(
    `  fixture   ${fixture.files.length} JPEGs (${landscape} landscape 4000×3000, ${fixture.files.length - landscape} portrait 3000×4000), ` +
      `${mb(fixture.totalBytes)} MB, mean ${mb(fixture.totalBytes / fixture.files.length)} MB/file, ` +
      `${fixture.built ? 'built' : 'reused'} in ${fixed(fixture.seconds, 1)} s — ${path.relative(REPO_ROOT, fixture.directory)}/`,
  );
  console.log(`  corpus    ${path.relative(REPO_ROOT, CORPUS_DIR)}`);
  console.log('');

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'culler-bench-'));
  const results: Record<PhaseName, PhaseResult[]> = { bare: [], 'engine-pixels': [], engine: [], 'engine-cached': [], models: [] };
  const pairedRatios: number[] = [];
  const pairedModelRatios: number[] = [];
  try {
    const filesList = path.join(scratch, 'files.json');
    await writeFile(filesList, JSON.stringify(fixture.files));

    console.log('warm-up (discarded):');
    console.log(describe('warm-up', await runPhase('bare', filesList, null)));
    const warmHome = path.join(scratch, 'home-warm-up');
    // The first engine run converts the models to ONNX into bench/.data/models; rounds reuse them.
    console.log(describe('warm-up', await runPhase('engine', filesList, warmHome)));
    await rm(warmHome, { recursive: true, force: true });
    results.models.push(await runPhase('models', filesList, null));

    console.log('measured:');
    for (let round = 1; round <= ROUNDS; round++) {
      const label = `round ${round}`;
      const bare = await runPhase('bare', filesList, null);
      console.log(describe(label, bare));
      // A fresh home every round: an empty catalog and thumbnail cache, so every image is a miss.
      const pixelsHome = path.join(scratch, `home-pixels-${round}`);
      const pixels = await runPhase('engine-pixels', filesList, pixelsHome);
      console.log(describe(label, pixels));
      await rm(pixelsHome, { recursive: true, force: true });
      const home = path.join(scratch, `home-${round}`);
      const engine = await runPhase('engine', filesList, home);
      console.log(describe(label, engine));
      const cached = await runPhase('engine-cached', filesList, home);
      console.log(describe(label, cached));
      await rm(home, { recursive: true, force: true });
      results.bare.push(bare);
      results['engine-pixels'].push(pixels);
      results.engine.push(engine);
      results['engine-cached'].push(cached);
      pairedRatios.push(pixels.imagesPerSecond / bare.imagesPerSecond);
      pairedModelRatios.push(engine.imagesPerSecond / bare.imagesPerSecond);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }

  const rate = (phase: PhaseName): number => median(results[phase].map((result) => result.imagesPerSecond));
  const peak = (phase: PhaseName): number => Math.max(...results[phase].map((result) => result.peakRssMb));
  const range = (phase: PhaseName): string => {
    const rates = results[phase].map((result) => result.imagesPerSecond);
    return `${fixed(Math.min(...rates), 2)}–${fixed(Math.max(...rates), 2)}`;
  };
  const rows: Array<[string, PhaseName]> = [
    ['bare sharp decode+resize', 'bare'],
    ['engine, pixels only', 'engine-pixels'],
    ['engine + faces + content', 'engine'],
    ['engine, cached (2nd pass)', 'engine-cached'],
  ];

  console.log('');
  console.log(`results (${fixture.files.length} images × ${ROUNDS} rounds, median of rounds):`);
  console.log(`  ${'phase'.padEnd(27)} ${'images/s'.padStart(9)}  ${'range'.padStart(15)}  ${'ms/image'.padStart(8)}  ${'peak RSS MB'.padStart(11)}`);
  for (const [label, phase] of rows) {
    const perSecond = rate(phase);
    console.log(
      `  ${label.padEnd(27)} ${fixed(perSecond, 2).padStart(9)}  ${range(phase).padStart(15)}  ${fixed(1000 / perSecond, 2).padStart(8)}  ${fixed(peak(phase), 0).padStart(11)}`,
    );
  }

  const ratio = rate('engine-pixels') / rate('bare');
  const verdict = ratio >= TARGET_RATIO ? 'PASS' : 'BELOW TARGET';
  console.log('');
  console.log(`  engine (pixels) / bare throughput: ${fixed(ratio, 3)}×  (target ≥ ${fixed(TARGET_RATIO, 2)}×)  ${verdict}`);
  console.log(`  per-round ratios: ${pairedRatios.map((value) => `${fixed(value, 2)}×`).join(', ')} (median ${fixed(median(pairedRatios), 2)}×)`);
  console.log(`  engine with faces + content / bare: ${fixed(rate('engine') / rate('bare'), 2)}×  (per round ${pairedModelRatios.map((value) => `${fixed(value, 2)}×`).join(', ')})`);
  console.log(`  cached / fresh engine: ${fixed(rate('engine-cached') / rate('engine'), 0)}× faster`);
  const delays = results.engine.map((result) => result.eventLoopDelayMs!).filter(Boolean);
  if (delays.length) {
    console.log(
      `  event-loop delay while rating with models (per round p99 / max, ms): ${delays.map((delay) => `${fixed(delay.p99, 1)} / ${fixed(delay.max, 1)}`).join(', ')}`,
    );
  }
  const latency = results.models[0]?.modelLatencyMs;
  if (latency) {
    console.log('  model latency, one inference (median / p90 ms, provider):');
    for (const [id, value] of Object.entries(latency)) console.log(`    ${id.padEnd(24)} ${fixed(value.median, 2).padStart(7)} / ${fixed(value.p90, 2).padStart(7)}  ${value.provider}`);
  }
  if (ratio < TARGET_RATIO) {
    console.log('');
    console.log(`  !!! BELOW TARGET: the engine rates at ${fixed(ratio, 3)}× the bare decode's throughput; the target is ${fixed(TARGET_RATIO, 2)}×. !!!`);
  }
  await runRawBench(console.log);
  await runGroupingBench();
  console.log('');
  console.log(`total bench time ${fixed((performance.now() - runStarted) / 1000, 1)} s`);
}

try {
  await main();
  // Then the real shoot: camera JPEGs, the full pipeline against the bare decode (bench/camera-shoot.ts).
  await (await import('./camera-shoot.js')).runCameraShoot();
  await (await import('./learning.js')).benchLearning();
} catch (error) {
  console.error('');
  console.error(`bench FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
