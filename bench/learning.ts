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
import { LibraryRepo } from '../src-main/engine/catalog/library.repo.js';
import { CullingEngine } from '../src-main/engine/engine.js';
import { seededRandom } from '../src-main/engine/seeded-random.js';
import { REPO_ROOT } from './bench-common.js';

const SIZES = [1_000, 10_000];
const TEMPLATE = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'faces', 'obama.jpg');

export function fillLibrary(engine: CullingEngine, template: RatingResult, decisions: number): LibraryRepo {
  const random = seededRandom(decisions);
  const hex16 = () => Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join('');
  // Every decision is also a photo of a library folder, so the grid's queries can be timed on it.
  const library = new LibraryRepo(engine.catalog.database, engine.analysisKey);
  const folderId = library.addFolder('/bench/library').id;
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
      const file = `/bench/library/IMG_${String(i).padStart(5, '0')}.jpg`;
      engine.catalog.saveRating({ result, analysisKey: engine.analysisKey, thumbnailPath: null, file: { path: file, fileSize: 1000, mtimeMs: i } });
      library.assignFolder(file, folderId);
      const keeps = luminance > 0.5 !== random() < 0.1;
      engine.catalog.addFeedback({ imageHash: result.image_hash, source: 'review', thumbs: keeps ? 1 : -1 });
    }
  })();
  return library;
}

/** Median wall time of `work` over a few runs, in ms. */
function medianMs(work: () => unknown, runs = 5): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/**
 * The personal model in the grid: scoring the whole library under a version (a worker scores, the
 * host writes batches as they arrive) with the host's event-loop delay meanwhile, and the grid's
 * first page sorted by score and its facets, with the version in use and with none.
 */
async function benchPersonalViews(engine: CullingEngine, library: LibraryRepo, version: number, size: number): Promise<string> {
  engine.learning.reset();
  await engine.learning.settled();
  const page = { sort: 'score', direction: 'desc', offset: 0, limit: 100 } as const;
  const builtinPage = medianMs(() => library.listPhotos(page));
  const builtinFacets = medianMs(() => library.facets());
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  engine.learning.rollbackTo(version);
  await engine.learning.settled();
  const scoring = performance.now() - started;
  delay.disable();
  const personalPage = medianMs(() => library.listPhotos(page));
  const personalFacets = medianMs(() => library.facets());
  const reviewFilter = medianMs(() => library.listPhotos({ ...page, needsReview: true, ratings: ['High', 'Medium'] }));
  return (
    `  ${String(size).padStart(9)}  scoring the library ${(scoring / 1000).toFixed(2)} s, event-loop p99 / max ${(delay.percentile(99) / 1e6).toFixed(1)} / ${(delay.max / 1e6).toFixed(1)} ms; ` +
    `grid page by score ${personalPage.toFixed(1)} ms (built-in ${builtinPage.toFixed(1)}), facets ${personalFacets.toFixed(1)} ms (built-in ${builtinFacets.toFixed(1)}), ` +
    `review + rating filter ${reviewFilter.toFixed(1)} ms`
  );
}

export async function benchLearning(): Promise<void> {
  console.log('');
  console.log('learning from feedback (culler learn train; training on a worker thread):');
  console.log(`  ${'decisions'.padStart(9)}  ${'train s'.padStart(7)}  ${'fit ms'.padStart(6)}  ${'event-loop p99 / max ms'.padStart(23)}  ${'idle p99 / max'.padStart(14)}  outcome`);
  const views: string[] = [];
  for (const size of SIZES) {
    const home = await mkdtemp(path.join(os.tmpdir(), 'culler-bench-learning-'));
    const engine = CullingEngine.open({ home, models: false, aiPack: false });
    try {
      const rated = await engine.rateFile(TEMPLATE);
      if (!rated.ok) throw new Error(`rating the template failed: ${rated.error.message}`);
      const library = fillLibrary(engine, rated.result, size);
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
      if (trained.adopted && trained.version !== null) views.push(await benchPersonalViews(engine, library, trained.version, size));
    } finally {
      await engine.close();
      await rm(home, { recursive: true, force: true });
    }
  }
  console.log('personal model in the grid (stored per photo; the grid joins the version in use):');
  for (const line of views) console.log(line);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchLearning();
