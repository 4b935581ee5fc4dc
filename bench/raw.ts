/**
 * The RAW part of `npm run bench` (also alone: `node --import tsx bench/raw.ts`): for each camera
 * RAW of ../shared/corpus/raw with a usable preview, the preview extraction time (exiftool lists the
 * embedded images and hands out the largest: what every RAW costs before its decode), and the
 * engine's RAW photos rated per second (fresh catalog each round, pixels only: no models, like the
 * "engine (pixels)" JPEG phase). Median of BENCH_RAW_ROUNDS rounds (default 5) after a warm-up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CullingEngine } from '../src-main/engine/engine.js';
import { endExiftool } from '../src-main/engine/exiftool/exiftool-process.js';
import { sniffFormat, SNIFF_BYTES } from '../src-main/engine/image/sniff.js';
import { readFileHead } from '../src-main/engine/files/read-image-file.js';
import { readRawPreview } from '../src-main/engine/raw/raw-preview.js';
import { median, REPO_ROOT } from './bench-common.js';

const RAW_FILES = [
  'canon-eos-r6-pruned.cr3',
  'canon-eos-1ds-mark3-truncated.cr2',
  'canon-eos-d30.crw',
  'nikon-d7100-truncated.nef',
  'sony-slt-a55v-truncated.arw',
  'canon-eos-6d-reduced.dng',
];

function rounds(): number {
  const text = process.env.BENCH_RAW_ROUNDS;
  const value = text ? Number(text) : 5;
  if (!Number.isInteger(value) || value < 1 || value > 50) throw new Error(`BENCH_RAW_ROUNDS must be an integer 1–50, got ${text}`);
  return value;
}

export async function runRawBench(log: (line: string) => void = console.log): Promise<void> {
  const count = rounds();
  const files = RAW_FILES.map((name) => path.join(REPO_ROOT, '..', 'shared', 'corpus', 'raw', name));
  log('');
  log(`RAW (${files.length} files of ../shared/corpus/raw × ${count} rounds, median):`);
  log(`  ${'file'.padEnd(36)} ${'preview'.padEnd(24)} ${'extract ms'.padStart(10)}`);
  const perFile: number[] = [];
  for (const file of files) {
    const sniffed = sniffFormat(await readFileHead(file, SNIFF_BYTES));
    if (sniffed.kind !== 'raw') throw new Error(`${file} is not recognised as RAW`);
    await readRawPreview(file, sniffed.format, 1000); // warm-up: exiftool start and file cache
    const times: number[] = [];
    let label = '';
    for (let round = 0; round < count; round++) {
      const started = performance.now();
      const preview = await readRawPreview(file, sniffed.format, 1000);
      times.push(performance.now() - started);
      label = `${preview.width}×${preview.height} ${preview.tag.split(':')[1]}`;
    }
    perFile.push(median(times));
    log(`  ${path.basename(file).padEnd(36)} ${label.padEnd(24)} ${median(times).toFixed(1).padStart(10)}`);
  }
  log(`  preview extraction, median over files: ${median(perFile).toFixed(1)} ms per RAW`);

  const rates: number[] = [];
  for (let round = 0; round <= count; round++) {
    const home = await mkdtemp(path.join(os.tmpdir(), 'culler-bench-raw-'));
    const engine = CullingEngine.open({ home, models: false, aiPack: false });
    try {
      const started = performance.now();
      const outcomes = await engine.rateFiles(files, () => {});
      const seconds = (performance.now() - started) / 1000;
      const failed = outcomes.filter((outcome) => !outcome.ok);
      if (failed.length) throw new Error(`RAW rating failed: ${JSON.stringify(failed[0])}`);
      if (round > 0) rates.push(files.length / seconds); // round 0 is the warm-up
    } finally {
      await engine.close();
      await rm(home, { recursive: true, force: true });
    }
  }
  log(`  engine (pixels), RAW photos rated per second: ${median(rates).toFixed(2)} (rounds ${rates.map((rate) => rate.toFixed(2)).join(', ')})`);
  await endExiftool();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runRawBench();
}
