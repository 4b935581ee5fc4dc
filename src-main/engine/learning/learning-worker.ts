import { parentPort, workerData } from 'node:worker_threads';
import { LearningRepo, openCatalogReader } from '../catalog/learning.repo.js';
import { readSnapshot } from './snapshot.js';
import { runTraining, type TrainingOutcome } from './training-run.js';

/**
 * The learning worker: reads the catalog over its own read-only connection, trains and judges,
 * and answers with the outcome for the host to store. One run per worker; the host's event loop
 * stays free meanwhile.
 */
export type LearningWorkerInput = { catalogFile: string; analysisKey: string };
export type LearningWorkerReply = { ok: true; outcome: TrainingOutcome; readMs: number } | { ok: false; message: string };

const input = workerData as LearningWorkerInput;
let reply: LearningWorkerReply;
try {
  const database = openCatalogReader(input.catalogFile);
  try {
    const started = performance.now();
    const snapshot = readSnapshot(new LearningRepo(database), input.analysisKey);
    const readMs = Math.round(performance.now() - started);
    reply = { ok: true, outcome: runTraining(snapshot), readMs };
  } finally {
    database.close();
  }
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
parentPort!.postMessage(reply);
