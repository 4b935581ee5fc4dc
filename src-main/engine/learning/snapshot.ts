import type { LearningRepo } from '../catalog/learning.repo.js';
import type { LogisticModel } from './logistic.js';
import type { PairwiseRanker } from './pairwise.js';
import type { ActiveVersion, LearningSnapshot } from './training-run.js';

/** Everything one training run reads from the catalog, in one pass. */
export function readSnapshot(repo: LearningRepo, analysisKey: string): LearningSnapshot {
  const active = repo.activeModel();
  let current: ActiveVersion | null = null;
  if (active) {
    const baselineRow = active.baseline === null ? null : repo.model(active.baseline);
    current = {
      version: active.id,
      model: JSON.parse(active.weights) as LogisticModel,
      goldenKeys: JSON.parse(active.golden_keys) as string[],
      baseline: baselineRow ? { version: baselineRow.id, model: JSON.parse(baselineRow.weights) as LogisticModel } : null,
    };
  }
  return {
    feedback: repo.feedbackSignals().map((row) => ({
      id: row.id,
      imageHash: row.image_hash,
      source: row.source,
      clientId: row.client_id,
      thumbs: row.thumbs,
      userScore: row.user_score,
      dimensionFeedback: parseDimensions(row.dimension_feedback),
    })),
    marks: repo.marks().map((row) => ({ imageHash: row.image_hash, mark: row.mark, stars: row.stars })),
    images: repo.decidedImages(analysisKey).flatMap((row) => {
      try {
        return [{ imageHash: row.image_hash, perceptualHash: row.perceptual_hash, capturedAt: row.captured_at, result: JSON.parse(row.result) as unknown }];
      } catch {
        return []; // an unreadable result teaches nothing
      }
    }),
    kept: repo.splitSides().map((row) => [row.image_hash, row.side]),
    active: current,
    knownFingerprints: repo.fingerprints(),
    groups: repo.burstGroups(),
    ranker: activeRanker(repo),
    rankerFingerprints: repo.rankers().map((row) => row.fingerprint),
  };
}

function activeRanker(repo: LearningRepo): { version: number; ranker: PairwiseRanker } | null {
  const row = repo.activeRanker();
  return row ? { version: row.id, ranker: JSON.parse(row.weights) as PairwiseRanker } : null;
}

function parseDimensions(text: string | null): Record<string, number> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, number>) : null;
  } catch {
    return null;
  }
}
