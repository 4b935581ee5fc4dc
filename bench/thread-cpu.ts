/**
 * Where the engine's CPU per photo goes, thread by thread (Linux):
 *
 *   node --expose-gc --import tsx bench/thread-cpu.ts --files <list.json> --home <dir> [--warm-up N]
 *
 * Rates the files as `bench/phase.ts --phase engine` does (a fresh catalog, N distinct warm-up
 * copies first, default as many as rate at once) and reads every thread's user + system time from
 * /proc/self/task before and after the measured photos. The threads: the host (the engine's own
 * thread: file reads, hashing, catalog), the threads the process started with (V8's platform
 * workers: concurrent garbage collection and optimizing compilation; libuv's pool: sharp's
 * decodes start there), the engine's worker threads (analysis workers and the model worker:
 * JavaScript and ONNX Runtime; `perf record -g` with `--perf-basic-prof` tells them apart) and
 * libvips's workers. What this misses is only what threads that exited took (printed as the gap).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultEngineConfig } from '../src-main/engine/config.js';
import { CullingEngine } from '../src-main/engine/engine.js';
import { BENCH_MODEL_CACHE } from './bench-common.js';
import { withComment } from './camera-shoot-files.js';

const { values } = parseArgs({ options: { files: { type: 'string' }, home: { type: 'string' }, 'warm-up': { type: 'string' } }, strict: true });
if (!values.files || !values.home) throw new Error('--files <list.json> and --home <dir> are required');
const files = z.array(z.string()).min(1).parse(JSON.parse(readFileSync(values.files, 'utf8')));
const warmUp = values['warm-up'] ? Number(values['warm-up']) : Math.max(1, defaultEngineConfig().concurrency);

type ThreadTime = { comm: string; seconds: number };
const CLOCK_TICKS = 100; // USER_HZ on Linux

function threadTimes(): Map<number, ThreadTime> {
  const times = new Map<number, ThreadTime>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      times.set(Number(tid), { comm: stat.slice(stat.indexOf('(') + 1, close), seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return times;
}

const atStart = new Set(threadTimes().keys());
const engine = CullingEngine.open({ home: values.home, models: true, modelCacheDir: BENCH_MODEL_CACHE });
try {
  const warmFolder = await mkdtemp(path.join(os.tmpdir(), 'culler-thread-cpu-'));
  const warmFiles: string[] = [];
  for (let index = 0; index < warmUp; index++) {
    const file = path.join(warmFolder, `warm-up-${index}.jpg`);
    await writeFile(file, withComment(await readFile(files[index % files.length]!), `culler thread-cpu warm-up ${index}`));
    warmFiles.push(file);
  }
  await engine.rateFiles(warmFiles, () => {});
  await rm(warmFolder, { recursive: true, force: true });
  globalThis.gc?.();

  const before = threadTimes();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const ratings = await engine.rateFiles(files, () => {});
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const after = threadTimes();
  const failed = ratings.filter((rating) => !rating.ok);
  if (failed.length > 0) throw new Error(`${failed.length} file(s) failed to rate`);

  const perPhoto = (secondsSpent: number): string => `${((secondsSpent * 1000) / files.length).toFixed(1)} ms`;
  const groups = new Map<string, number>();
  const workers: Array<{ tid: number; seconds: number }> = [];
  let listed = 0;
  for (const [tid, now] of after) {
    const spent = now.seconds - (before.get(tid)?.seconds ?? 0);
    listed += spent;
    let group: string;
    if (tid === process.pid) group = 'host thread (reads, hashes, catalog)';
    else if (now.comm.startsWith('libvips')) group = 'libvips workers (decode, resizes, thumbnails)';
    else if (atStart.has(tid)) group = 'V8 platform + libuv pool (GC, compilation, sharp calls)';
    else {
      group = 'engine worker threads (analysis, models)';
      if (spent > 0) workers.push({ tid, seconds: spent });
    }
    groups.set(group, (groups.get(group) ?? 0) + spent);
  }
  const total = (cpu.user + cpu.system) / 1e6;
  console.log(`${files.length} photos, ${seconds.toFixed(1)} s, load average ${os.loadavg()[0]!.toFixed(1)}; CPU per photo ${perPhoto(total)}:`);
  for (const [group, spent] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${group.padEnd(58)} ${perPhoto(spent).padStart(9)}`);
  console.log(`    engine workers, each: ${workers.sort((a, b) => b.seconds - a.seconds).map((worker) => perPhoto(worker.seconds)).join(', ')}`);
  console.log(`  threads that ended while measuring (the gap)                ${perPhoto(Math.max(0, total - listed)).padStart(9)}`);
} finally {
  await engine.close();
}
