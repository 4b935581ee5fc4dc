import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The project root, whatever folder `npm run bench` was started from. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The shared photo corpus lives beside the checkout and is read in place, never copied in. */
export const CORPUS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'faces');

/** Generated 12 MP fixtures; git-ignored (`/bench/.data/`), rebuilt when the manifest disagrees. */
export const FIXTURE_DIR = path.join(REPO_ROOT, 'bench', '.data', '12mp');

export const PHASES = ['bare', 'engine-pixels', 'engine', 'engine-cached', 'models'] as const;
export type PhaseName = (typeof PHASES)[number];

/** The one JSON line a phase child prints on stdout; everything else it says goes to stderr. */
export const PhaseResultSchema = z.object({
  phase: z.enum(PHASES),
  images: z.number().int().positive(),
  /** How many times the file list was gone through (more than one only for the cached phase). */
  passes: z.number().int().positive(),
  seconds: z.number().positive(),
  imagesPerSecond: z.number().positive(),
  /** High-water resident set of the child, warm-up included: the phase's peak (see peakRssMb in phase.ts). */
  peakRssMb: z.number().positive(),
  /** Time to open the engine (catalog + migrations), outside `seconds`; null for the bare phase. */
  openMs: z.number().nonnegative().nullable(),
  /** Event-loop delay of the rating process during the run, ms (engine phases only). */
  eventLoopDelayMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }).nullable(),
  /**
   * CPU seconds (user + system, every thread of the child: workers, libvips, ONNX Runtime) spent in
   * `seconds`. On a shared machine the CPU a photo costs is steadier than its wall time.
   */
  cpuSeconds: z.number().nonnegative().optional(),
  /** Per-model inference latency on the bench machine, ms (the models phase only). */
  modelLatencyMs: z.record(z.string(), z.object({ median: z.number(), p90: z.number(), provider: z.string() })).nullable(),
});
export type PhaseResult = z.infer<typeof PhaseResultSchema>;

/** Converted models are cached here across runs: the bench measures steady state, not first use. */
export const BENCH_MODEL_CACHE = path.join(REPO_ROOT, 'bench', '.data', 'models');

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The upper of the two middle values for an even count: always one measured value. */
export function upperMedian(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}
