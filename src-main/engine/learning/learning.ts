import { Worker } from 'node:worker_threads';
import type { LearningStatus, LearningTrainResult, LearningVersionView } from '../../../src-preload/contract/library-types.js';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { LearningRepo, type ModelRow } from '../catalog/learning.repo.js';
import { PersonalScoresRepo } from '../catalog/personal-scores.repo.js';
import type { SqliteDatabase } from '../catalog/catalog-database.js';
import { EngineError } from '../errors.js';
import type { LearningWorkerInput, LearningWorkerReply, ScoringMessage } from './learning-worker.js';
import type { LogisticModel } from './logistic.js';
import { applyPersonalModel, personalScoreRow, personalView } from './personal-model.js';
import { rankFrames, type FrameRanker } from './frame-ranker.js';
import type { PairwiseRanker, RankerMetrics } from './pairwise.js';
import type { ModelMetrics, TrainingOutcome } from './training-run.js';

/** A run that takes longer than this is stopped (10,000 decisions train in a few seconds). */
const TRAIN_TIMEOUT_MS = 120_000;
/** Split sides written per transaction. */
const SPLIT_BATCH = 500;

/**
 * The learning room's door for the rest of the engine: trains the personal model on a worker
 * thread, stores every version, serves the adopted one to results as they are read, and resets or
 * rolls back on request. Every door (desktop, browser, CLI, API) reaches it through the engine.
 */
export class Learning {
  private readonly repo: LearningRepo;
  private running: Promise<LearningTrainResult> | null = null;
  /** Runs asked for and not yet finished (the one in progress included). */
  private queued = 0;
  private lastTraining: { at: string; outcome: string } | null = null;
  /** The adopted model, parsed once per version (another process may adopt: checked on each use). */
  private cached: { version: number; model: LogisticModel } | null = null;
  private readonly scores: PersonalScoresRepo;
  /** The scoring pass in progress (one at a time; a change of version asks for one more). */
  private scoring: Promise<void> | null = null;
  private rescoreAgain = false;
  private readonly scoresListeners = new Set<() => void>();
  private readonly rankerListeners = new Set<() => void>();
  private cachedRanker: { version: number; ranker: PairwiseRanker } | null = null;

  constructor(
    database: SqliteDatabase,
    private readonly catalogFile: string,
    private readonly analysisKey: string,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.repo = new LearningRepo(database);
    this.scores = new PersonalScoresRepo(database);
  }

  /** Called when the pairwise ranker in use changes (adopted or reset): bursts are ranked again. */
  onRankerChanged(listener: () => void): () => void {
    this.rankerListeners.add(listener);
    return () => this.rankerListeners.delete(listener);
  }

  /** The adopted pairwise ranker as the grouping room's frame ranker; null: the built-in choice. */
  frameRanker(): FrameRanker | null {
    const row = this.repo.activeRanker();
    if (!row) return (this.cachedRanker = null);
    if (this.cachedRanker?.version !== row.id) this.cachedRanker = { version: row.id, ranker: JSON.parse(row.weights) as PairwiseRanker };
    const active = this.cachedRanker;
    return (photoIds) => rankFrames(active, photoIds, this.repo.resultsOfPhotos(photoIds, this.analysisKey));
  }

  private rankerChanged(): void {
    for (const listener of this.rankerListeners) {
      try {
        listener();
      } catch (error) {
        this.log(`learning: a ranker listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Called whenever the stored personal scores change (the grid, facets and sort re-read). */
  onScoresChanged(listener: () => void): () => void {
    this.scoresListeners.add(listener);
    return () => this.scoresListeners.delete(listener);
  }

  /**
   * Stores the version in use's view of one newly rated result, so the grid shows it at once
   * (one result: well under a millisecond on the calling thread).
   */
  scoreArrived(result: RatingResult): void {
    const active = this.activeModel();
    if (!active) return;
    const view = personalView(result, active.version, active.model);
    this.scores.save(active.version, this.analysisKey, [personalScoreRow(result.image_hash, view)]);
  }

  /**
   * These stored results were judged again (another shoot profile): the version's stored views of
   * them are stale, so they are dropped (the grid shows the re-judged built-in values meanwhile)
   * and scored again on the worker. Resolves when they are.
   */
  resultsRejudged(imageHashes: readonly string[]): Promise<void> {
    if (imageHashes.length === 0) return Promise.resolve();
    this.scores.forget(imageHashes);
    return this.refreshScores();
  }

  /**
   * Brings the stored scores in line with the version in use: none in use drops them all (the
   * grid shows the built-in values again at once); otherwise a worker scores what the version has
   * not scored yet, the rows are written batch by batch as they arrive, and other versions' rows
   * go once it is complete. Resolves when done; a second call during a pass runs one more after it.
   */
  refreshScores(): Promise<void> {
    if (this.scoring) {
      this.rescoreAgain = true;
      return this.scoring;
    }
    const pass = (async () => {
      do {
        this.rescoreAgain = false;
        await this.scorePass();
      } while (this.rescoreAgain);
    })()
      .catch((error: unknown) => this.log(`learning: scoring the library failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.scoring = null;
      });
    this.scoring = pass;
    return pass;
  }

  private async scorePass(): Promise<void> {
    const version = this.repo.activeVersion();
    if (version === null) {
      this.scores.dropAllBut(null);
      this.scoresChanged();
      return;
    }
    if (this.scores.anyUnscored(version, this.analysisKey)) {
      const outcome = await this.scoreInWorker(version, this.repo.model(version)!.weights);
      if (outcome.kind === 'failed') throw new Error(outcome.message);
      this.log(`learning: v${version} scored ${outcome.scored} results in ${outcome.ms} ms`);
    }
    // Rolled back or reset meanwhile: the next pass (asked for by that change) tidies up.
    if (this.repo.activeVersion() === version) this.scores.dropAllBut(version);
    this.scoresChanged();
  }

  private scoresChanged(): void {
    for (const listener of this.scoresListeners) {
      try {
        listener();
      } catch (error) {
        this.log(`learning: a scores listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private scoreInWorker(version: number, weights: string): Promise<Exclude<ScoringMessage, { kind: 'batch' }>> {
    const input: LearningWorkerInput = { task: 'score', catalogFile: this.catalogFile, analysisKey: this.analysisKey, version, weights };
    const worker = new Worker(this.workerEntry(), { workerData: input });
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Exclude<ScoringMessage, { kind: 'batch' }>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
        void worker.terminate();
      };
      const timer = setTimeout(() => finish({ kind: 'failed', message: `no answer within ${TRAIN_TIMEOUT_MS / 1000} s` }), TRAIN_TIMEOUT_MS);
      worker.on('message', (message: ScoringMessage) => {
        if (settled) return;
        if (message.kind !== 'batch') return finish(message);
        // A version no longer in use stops scoring at once.
        if (this.repo.activeVersion() !== version) return finish({ kind: 'done', scored: 0, ms: 0 });
        this.scores.save(version, this.analysisKey, message.rows);
      });
      worker.once('error', (error) => finish({ kind: 'failed', message: error.message }));
      worker.once('exit', (code) => finish({ kind: 'failed', message: `the learning worker exited with code ${code}` }));
    });
  }

  private workerEntry(): URL {
    // Under tsx or vitest the engine runs from TypeScript: a bootstrap registers the loader first.
    const source = import.meta.url.endsWith('.ts');
    return new URL(source ? './learning-worker-bootstrap.mjs' : './learning-worker.js', import.meta.url);
  }

  /** The result as the user's personal model sees it; the result itself when none is adopted. */
  apply(result: RatingResult): RatingResult {
    const active = this.activeModel();
    return active ? applyPersonalModel(result, active.version, active.model) : result;
  }

  private activeModel(): { version: number; model: LogisticModel } | null {
    const version = this.repo.activeVersion();
    if (version === null) return (this.cached = null);
    if (this.cached?.version !== version) {
      const row = this.repo.model(version)!;
      this.cached = { version, model: JSON.parse(row.weights) as LogisticModel };
    }
    return this.cached;
  }

  status(): LearningStatus {
    const rows = this.repo.models();
    const active = rows.find((row) => row.state === 'adopted') ?? null;
    // The freshest judgement of the version in use: the latest run that compared a candidate with
    // it saw the golden set as it is now; else its own scores when it was adopted.
    const judged = active ? rows.find((row) => row.baseline === active.id && row.created_at >= (active.adopted_at ?? '')) : undefined;
    const own = active ? (JSON.parse(active.metrics) as ModelMetrics).golden : null;
    const metrics = judged ? (JSON.parse(judged.metrics) as ModelMetrics).baseline : own;
    const latest = rows[0];
    return {
      activeVersion: active?.id ?? null,
      decisions: this.repo.decidedCount(),
      goldenDecisions: this.repo.goldenCount(),
      goldenAgreement: metrics?.agreement ?? null,
      goldenAuc: metrics?.auc ?? null,
      training: this.queued > 0,
      lastTraining: this.lastTraining ?? (latest ? { at: latest.created_at, outcome: `v${latest.id} ${latest.state}: ${latest.reason}` } : null),
      history: rows.map((row) => versionView(row, active?.id ?? null)),
      ranker: this.rankerStatus(),
    };
  }

  private rankerStatus(): NonNullable<LearningStatus['ranker']> {
    const rows = this.repo.rankers();
    return {
      activeVersion: rows.find((row) => row.state === 'adopted')?.id ?? null,
      history: rows.map((row) => {
        const metrics = JSON.parse(row.metrics) as RankerMetrics;
        return {
          version: row.id,
          state: row.state,
          reason: row.reason,
          trainPairs: metrics.trainPairs,
          goldenPairs: metrics.goldenPairs,
          accuracy: metrics.accuracy,
          baselineAccuracy: metrics.baseline.accuracy,
          lowerBound: metrics.lower,
          createdAt: row.created_at,
          endedAt: row.ended_at,
        };
      }),
    };
  }

  /** Trains now on what the catalog holds now: runs queue one after another, each on a fresh read. */
  train(): Promise<LearningTrainResult> {
    const previous = this.running ?? Promise.resolve();
    this.queued++;
    const run = previous.catch(() => undefined).then(() => this.runOnce());
    const tracked = run.finally(() => {
      this.queued--;
      if (this.running === tracked) this.running = null;
    });
    tracked.catch(() => undefined); // the caller of `run` hears of a failure; this copy only tracks it
    this.running = tracked;
    return run;
  }

  /** Waits for a run in progress (its outcome, or failure, stays with its caller). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.scoring;
  }

  private async runOnce(): Promise<LearningTrainResult> {
    const reply = await this.inWorker({ catalogFile: this.catalogFile, analysisKey: this.analysisKey });
    if (!reply.ok) throw new EngineError('internal_error', `training failed: ${reply.message}`);
    const { outcome } = reply;
    const at = new Date().toISOString();
    const candidate = outcome.candidate;
    // The split first, in small transactions with the event loop free between them (10,000 new
    // sides in one go held it for ~100 ms); sides are permanent, so a split stored without its
    // version is what the next run would store anyway.
    for (let start = 0; start < outcome.split.length; start += SPLIT_BATCH) {
      this.repo.saveSplit(outcome.split.slice(start, start + SPLIT_BATCH));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const version = this.repo.saveRun({
      split: [],
      rollback: outcome.rollback,
      version:
        candidate.kind === 'trained'
          ? {
              state: candidate.adopt ? 'adopted' : 'rejected',
              reason: candidate.reason,
              fingerprint: candidate.fingerprint,
              decisions: candidate.metrics.training.decisions,
              golden: candidate.metrics.golden.size,
              baseline: candidate.baseline,
              metrics: JSON.stringify(candidate.metrics),
              weights: JSON.stringify(candidate.model),
              golden_keys: JSON.stringify(candidate.goldenKeys),
              created_at: at,
              adopted_at: candidate.adopt ? at : null,
            }
          : null,
    });
    const rankerText = this.saveRanker(outcome, at);
    const text = [describe(outcome, version), rankerText].filter(Boolean).join('; ');
    this.lastTraining = { at, outcome: text };
    // The version in use changed: the grid's stored scores follow before the run reports back.
    if ((candidate.kind === 'trained' && candidate.adopt) || outcome.rollback) await this.refreshScores();
    this.log(`learning: ${text}`);
    return {
      outcome: text,
      version,
      adopted: candidate.kind === 'trained' && candidate.adopt,
      rolledBack: outcome.rollback?.version ?? null,
      // This run is over; `training` says whether another is queued behind it.
      status: { ...this.status(), training: this.queued > 1 },
    };
  }

  /** Stores the run's pairwise ranker, if one was trained; says what became of it. */
  private saveRanker(outcome: TrainingOutcome, at: string): string | null {
    const ranker = outcome.ranker;
    if (!ranker) return null;
    if (ranker.kind !== 'trained') return `ranker not trained: ${ranker.reason}`;
    const id = this.repo.saveRanker({
      state: ranker.adopt ? 'adopted' : 'rejected',
      reason: ranker.reason,
      fingerprint: ranker.fingerprint,
      metrics: JSON.stringify(ranker.metrics),
      weights: JSON.stringify(ranker.ranker),
      created_at: at,
    });
    if (ranker.adopt) this.rankerChanged();
    return `ranker r${id} ${ranker.adopt ? 'adopted' : 'rejected'}: ${ranker.reason}`;
  }

  private inWorker(input: LearningWorkerInput): Promise<LearningWorkerReply> {
    return new Promise((resolve) => {
      const worker = new Worker(this.workerEntry(), { workerData: input });
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve({ ok: false, message: `no answer within ${TRAIN_TIMEOUT_MS / 1000} s` });
      }, TRAIN_TIMEOUT_MS);
      worker.once('message', (reply: LearningWorkerReply) => {
        clearTimeout(timer);
        resolve(reply);
        void worker.terminate();
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        resolve({ ok: false, message: error.message });
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ ok: false, message: `the learning worker exited with code ${code}` });
      });
    });
  }

  /** Back to the built-in gate: the adopted versions end (kept, with the reason, in the history). */
  reset(): LearningStatus {
    const adopted = this.repo.models().filter((row) => row.state === 'adopted').map((row) => row.id);
    this.repo.endVersions(adopted, 'reset', 'reset by you: the built-in gate decides again');
    this.cached = null;
    if (this.repo.activeRanker()) {
      this.repo.endRankers('reset by you: the built-in best-frame choice decides again');
      this.rankerChanged();
    }
    // The grid's join finds no version in use at once; the stored rows go in the background.
    void this.refreshScores();
    return this.status();
  }

  /** Makes `version` (one that was adopted once) the version in use; later adopted versions are rolled back. */
  rollbackTo(version: number): LearningStatus | { error: string } {
    const row = this.repo.model(version);
    if (!row) return { error: `there is no version ${version}` };
    if (row.adopted_at === null) return { error: `v${version} was never adopted (${row.state}: ${row.reason}); only adopted versions can be restored` };
    this.repo.rollbackTo(version, { later: `rolled back by you to v${version}`, restored: `restored by you (${row.state === 'adopted' ? 'in use' : row.state.replace('_', ' ')} until then; first adopted because ${firstReason(row)})` });
    this.cached = null;
    void this.refreshScores();
    return this.status();
  }
}

/** Why a version was first adopted: its metrics keep the comparison that adopted it. */
function firstReason(row: ModelRow): string {
  const metrics = JSON.parse(row.metrics) as ModelMetrics;
  const against = metrics.baseline.version === null ? 'the built-in gate' : `v${metrics.baseline.version}`;
  return `its golden-set AUC ${metrics.golden.auc} beat ${against}'s ${metrics.baseline.auc}`;
}

function describe(outcome: TrainingOutcome, version: number | null): string {
  const parts: string[] = [];
  if (outcome.rollback) parts.push(`v${outcome.rollback.version} rolled back: ${outcome.rollback.reason}`);
  const candidate = outcome.candidate;
  if (candidate.kind === 'skipped') parts.push(`not trained: ${candidate.reason}`);
  else parts.push(`v${version} ${candidate.adopt ? 'adopted' : 'rejected'}: ${candidate.reason}`);
  return parts.join('; ');
}

function versionView(row: ModelRow, activeVersion: number | null): LearningVersionView {
  const metrics = JSON.parse(row.metrics) as ModelMetrics;
  return {
    version: row.id,
    state: row.state,
    active: row.id === activeVersion,
    reason: row.reason,
    decisions: row.decisions,
    golden: row.golden,
    goldenAuc: metrics.golden.auc,
    goldenAgreement: metrics.golden.agreement,
    baselineVersion: row.baseline,
    baselineAuc: metrics.baseline.auc,
    lowerBound: metrics.comparison?.lower ?? null,
    sources: metrics.sources,
    trainMs: metrics.trainMs ?? null,
    createdAt: row.created_at,
    adoptedAt: row.adopted_at,
    endedAt: row.ended_at,
  };
}
