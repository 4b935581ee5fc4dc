import { parentPort, workerData } from 'node:worker_threads';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { LearningRepo, openCatalogReader } from '../catalog/learning.repo.js';
import { PersonalScoresRepo, type PersonalScoreRow } from '../catalog/personal-scores.repo.js';
import type { LogisticModel } from './logistic.js';
import { personalScoreRow, personalView } from './personal-model.js';
import { readSnapshot } from './snapshot.js';
import { runTraining, type TrainingOutcome } from './training-run.js';

/**
 * The learning worker: reads the catalog over its own read-only connection and either trains and
 * judges (the host stores the outcome), or scores every analysed image the version in use has not
 * scored yet, sent back in small batches so that the host's event loop never parses one large
 * message. One task per worker; the host's event loop stays free meanwhile.
 */
export type LearningWorkerInput =
  | { task?: 'train'; catalogFile: string; analysisKey: string }
  | { task: 'score'; catalogFile: string; analysisKey: string; version: number; weights: string };
export type LearningWorkerReply = { ok: true; outcome: TrainingOutcome; readMs: number } | { ok: false; message: string };
/** The scoring task's messages: batches, then one `done` (or a failure). */
export type ScoringMessage = { kind: 'batch'; rows: PersonalScoreRow[] } | { kind: 'done'; scored: number; ms: number } | { kind: 'failed'; message: string };

/** Rows per message: ~2 ms for the host to receive and write. */
export const SCORE_BATCH = 250;

const input = workerData as LearningWorkerInput;
const describeError = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

function train(task: Extract<LearningWorkerInput, { catalogFile: string }>): void {
  let reply: LearningWorkerReply;
  try {
    const database = openCatalogReader(task.catalogFile);
    try {
      const started = performance.now();
      const snapshot = readSnapshot(new LearningRepo(database), task.analysisKey);
      const readMs = Math.round(performance.now() - started);
      reply = { ok: true, outcome: runTraining(snapshot), readMs };
    } finally {
      database.close();
    }
  } catch (error) {
    reply = { ok: false, message: describeError(error) };
  }
  parentPort!.postMessage(reply);
}

function score(task: Extract<LearningWorkerInput, { task: 'score' }>): void {
  const post = (message: ScoringMessage) => parentPort!.postMessage(message);
  try {
    const started = performance.now();
    const model = JSON.parse(task.weights) as LogisticModel;
    const database = openCatalogReader(task.catalogFile);
    let scored = 0;
    try {
      const repo = new PersonalScoresRepo(database);
      // Keyset pages: the host writes as batches arrive, so a page never sees them; `after` moves on.
      let after = '';
      for (;;) {
        const page = repo.unscored(task.version, task.analysisKey, SCORE_BATCH, after);
        if (page.length === 0) break;
        after = page[page.length - 1]!.image_hash;
        const rows = page.flatMap((row): PersonalScoreRow[] => {
          let result: RatingResult;
          try {
            result = JSON.parse(row.result) as RatingResult;
          } catch {
            return []; // an unreadable result keeps its built-in (absent) values
          }
          return [personalScoreRow(row.image_hash, personalView(result, task.version, model))];
        });
        scored += rows.length;
        post({ kind: 'batch', rows });
      }
    } finally {
      database.close();
    }
    post({ kind: 'done', scored, ms: Math.round(performance.now() - started) });
  } catch (error) {
    post({ kind: 'failed', message: describeError(error) });
  }
}

if (input.task === 'score') score(input);
else train(input);
