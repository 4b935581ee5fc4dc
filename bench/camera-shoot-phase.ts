/**
 * The real-shoot bench's own phases, each run alone in its own process (bench/camera-shoot.ts):
 *
 *   node --expose-gc --import tsx bench/camera-shoot-phase.ts --phase memory --files <list.json> --count N --home <dir> [--long-side PX]
 *   node --expose-gc --import tsx bench/camera-shoot-phase.ts --phase serve-import --files <list.json> --home <dir>
 *
 * memory: rates N distinct photos (copies of the list, each made distinct by a JPEG comment, made
 * batch by batch in a scratch folder and deleted after rating, so disk use stays small) with one
 * engine, sampling RSS after every batch: the curve shows whether memory grows with the folder.
 * --long-side shrinks the sources first (a JPEG of that long side, EXIF kept), so that a
 * 1,000-photo run fits in a loaded machine's minutes; the memory curve's shape is what it shows.
 * serve-import: what `culler serve` does on its one thread during an import — the library service
 * with the engine, a library folder added, the import queue rating it — with the event-loop delay
 * measured by perf_hooks.monitorEventLoopDelay until the queue is empty. --foreground runs the
 * service's analysis threads at the host's priority (as before they ran below it), for comparing.
 * Prints one JSON line on stdout.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { z } from 'zod';
import { CullingEngine } from '../src-main/engine/engine.js';
import { CullerService } from '../src-main/service/culler-service.js';
import { BENCH_MODEL_CACHE } from './bench-common.js';
import { withComment } from './camera-shoot-files.js';

const { values } = parseArgs({
  options: { phase: { type: 'string' }, files: { type: 'string' }, count: { type: 'string' }, home: { type: 'string' }, 'long-side': { type: 'string' }, foreground: { type: 'boolean' } },
  strict: true,
});
const phase = z.enum(['memory', 'serve-import']).parse(values.phase);
const files = z.array(z.string()).min(1).parse(JSON.parse(await readFile(values.files!, 'utf8')));
const home = z.string().min(1).parse(values.home);

function rssMb(): { rss: number; peak: number } {
  const rss = process.memoryUsage().rss / 1048576;
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return { rss, peak: match ? Number(match[1]) / 1024 : process.resourceUsage().maxRSS / 1024 };
}

const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e4) / 100;

if (phase === 'memory') {
  const count = z.coerce.number().int().positive().parse(values.count);
  const longSide = values['long-side'] === undefined ? null : z.coerce.number().int().min(64).parse(values['long-side']);
  const originals = await Promise.all(files.map((file) => readFile(file)));
  const sources = longSide
    ? await Promise.all(
        originals.map((bytes) =>
          sharp(bytes).resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true }).keepMetadata().jpeg({ quality: 90 }).toBuffer(),
        ),
      )
    : originals;
  const scratch = path.join(home, 'photos');
  const engine = CullingEngine.open({ home, modelCacheDir: BENCH_MODEL_CACHE });
  const samples: Array<{ photos: number; rssMb: number; peakMb: number }> = [];
  const providers = new Set<string>();
  const started = performance.now();
  let rated = 0;
  try {
    for (let batch = 0; rated < count; batch++) {
      await mkdir(scratch, { recursive: true });
      const names: string[] = [];
      for (let index = 0; index < sources.length && rated + names.length < count; index++) {
        const name = path.join(scratch, `b${batch}-${index}.jpg`);
        await writeFile(name, withComment(sources[index]!, `culler memory bench batch ${batch} photo ${index}`));
        names.push(name);
      }
      const ratings = await engine.rateFiles(names, () => {});
      const failed = ratings.filter((rating) => !rating.ok || rating.cached);
      if (failed.length) throw new Error(`memory phase: ${failed.length} photo(s) failed or came from the cache`);
      for (const rating of ratings) {
        if (!rating.ok) continue;
        for (const analyzer of rating.result.analyzers) if (analyzer.execution_provider) providers.add(`${analyzer.id} on ${analyzer.execution_provider}`);
      }
      rated += names.length;
      await rm(scratch, { recursive: true, force: true });
      const { rss, peak } = rssMb();
      samples.push({ photos: rated, rssMb: Math.round(rss), peakMb: Math.round(peak) });
    }
  } finally {
    await engine.close();
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ phase, photos: rated, seconds, longSide, providers: [...providers].sort(), samples })}\n`);
} else {
  const folder = path.join(home, 'shoot');
  await mkdir(folder, { recursive: true });
  for (const [index, file] of files.entries()) await writeFile(path.join(folder, `${String(index).padStart(4, '0')}.jpg`), await readFile(file));
  const service = await CullerService.open({ home, door: 'browser', version: 'bench', watch: false, engine: { models: true, modelCacheDir: BENCH_MODEL_CACHE, ...(values.foreground ? { background: false } : {}) } });
  /** Adds a library folder and waits until its import is done; the last import status. */
  const importFolder = async (directory: string, expected: number): Promise<{ done: number; failed: number }> => {
    const added = await service.handle('library:addFolder', { path: directory });
    if (!added.ok) throw new Error(`library:addFolder failed: ${JSON.stringify(added)}`);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const reply = await service.handle('import:status', undefined);
      if (!reply.ok) throw new Error('import:status failed');
      const status = reply.value as { queued: number; done: number; failed: number; scanning: boolean };
      if (!status.scanning && status.queued === 0 && status.done >= expected) return status;
    }
  };
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let started = 0;
  let status;
  let idle = { p50: 0, p99: 0, max: 0 };
  try {
    // A running server has its code loaded and its workers started: one photo first, unmeasured.
    const warm = path.join(home, 'warm-up');
    await mkdir(warm, { recursive: true });
    await writeFile(path.join(warm, 'warm-up.jpg'), withComment(await readFile(files[0]!), 'culler bench warm-up'));
    await importFolder(warm, 1);
    // The same server idle for 3 s: what the machine's own scheduling adds (a loaded machine shows it).
    delay.enable();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    delay.disable();
    idle = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) };
    delay.reset();
    started = performance.now();
    delay.enable();
    status = await importFolder(folder, files.length);
    delay.disable();
  } finally {
    await service.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (status.failed) throw new Error(`serve-import: ${status.failed} photo(s) failed`);
  const eventLoopDelayMs = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) };
  process.stdout.write(`${JSON.stringify({ phase, photos: status.done, seconds, eventLoopDelayMs, idleEventLoopDelayMs: idle, peakMb: Math.round(rssMb().peak) })}\n`);
}
