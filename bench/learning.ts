/**
 * Learning from feedback, timed: `culler learn train` at 1,000 and 10,000 decisions, and the host's
 * event-loop delay meanwhile (training runs on a worker thread, so the app stays responsive).
 *
 * Each library is a real catalog in a temporary home: one corpus photo rated by the engine, its
 * result copied under new image hashes with the measures varied, and review decisions of a user who
 * keeps bright photos (10 % of decisions flipped, as people are inconsistent). Run alone with
 * `node --import tsx bench/learning.ts`, or as part of `npm run bench`.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { RatingResult } from '../src-preload/contract/rating-result.js';
import { CullingEngine } from '../src-main/engine/engine.js';
import { seededRandom } from '../src-main/engine/seeded-random.js';
import { REPO_ROOT } from './bench-common.js';

const SIZES = [1_000, 10_000];
const TEMPLATE = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'faces', 'obama.jpg');

function fillLibrary(engine: CullingEngine, template: RatingResult, decisions: number): void {
  const random = seededRandom(decisions);
  const hex16 = () => Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join('');
  engine.catalog.database.transaction(() => {
    for (let i = 0; i < decisions; i++) {
      const luminance = random();
      const result: RatingResult = structuredClone(template);
      result.image_hash = createHash('sha256').update(`bench-${decisions}-${i}`).digest('hex');
      result.perceptual_hash = hex16();
      // A shoot a minute apart per frame: every photo its own moment.
      result.source = { ...result.source, captured_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().slice(0, 19) };
      result.score = Math.round(30 + 50 * random());
      result.portfolio_prob = Math.round(random() * 1000) / 1000;
      result.quality.sharpness = 20 + 400 * random();
      result.quality.exposure = { ...result.quality.exposure, mean_luminance: luminance, midtone_mean: Math.min(1, luminance + 0.1 * random()), contrast: 0.1 + 0.2 * random() };
      engine.catalog.saveRating({ result, analysisKey: engine.analysisKey, thumbnailPath: null, file: null });
      const keeps = luminance > 0.5 !== random() < 0.1;
      engine.catalog.addFeedback({ imageHash: result.image_hash, source: 'review', thumbs: keeps ? 1 : -1 });
    }
  })();
}

export async function benchLearning(): Promise<void> {
  console.log('');
  console.log('learning from feedback (culler learn train; training on a worker thread):');
  console.log(`  ${'decisions'.padStart(9)}  ${'train s'.padStart(7)}  ${'fit ms'.padStart(6)}  ${'event-loop p99 / max ms'.padStart(23)}  ${'idle p99 / max'.padStart(14)}  outcome`);
  for (const size of SIZES) {
    const home = await mkdtemp(path.join(os.tmpdir(), 'culler-bench-learning-'));
    const engine = CullingEngine.open({ home, models: false, aiPack: false });
    try {
      const rated = await engine.rateFile(TEMPLATE);
      if (!rated.ok) throw new Error(`rating the template failed: ${rated.error.message}`);
      fillLibrary(engine, rated.result, size);
      // The machine's own noise, for comparison: the same monitor over an idle second.
      const idle = monitorEventLoopDelay({ resolution: 5 });
      idle.enable();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      idle.disable();
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const started = performance.now();
      const trained = await engine.learning.train();
      const seconds = (performance.now() - started) / 1000;
      delay.disable();
      const entry = trained.status.history.find((version) => version.version === trained.version);
      console.log(
        `  ${String(size).padStart(9)}  ${seconds.toFixed(2).padStart(7)}  ${String(entry?.trainMs ?? '—').padStart(6)}  ${`${(delay.percentile(99) / 1e6).toFixed(1)} / ${(delay.max / 1e6).toFixed(1)}`.padStart(23)}  ${`${(idle.percentile(99) / 1e6).toFixed(1)} / ${(idle.max / 1e6).toFixed(1)}`.padStart(14)}  ${trained.adopted ? 'adopted' : 'not adopted'}, golden agreement ${trained.status.goldenAgreement ?? entry?.goldenAgreement ?? '—'} on ${trained.status.goldenDecisions}`,
      );
    } finally {
      await engine.close();
      await rm(home, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchLearning();
