import { createHash } from 'node:crypto';
import type { AnalyzerInfo } from '../../../src-preload/contract/rating-result.js';
import type { EngineConfig } from '../config.js';
import { PHASH_ALGORITHM } from '../hash/perceptual-hash.js';
import { decoderVersion } from '../image/decode.js';
import { QUALITY_ANALYZER } from '../quality/quality.analyzer.js';

/** The analyzers this build runs, with the versions that go into every result. */
export function installedAnalyzers(): AnalyzerInfo[] {
  return [
    {
      id: 'decode',
      version: decoderVersion(),
      level: 'embedded',
      model: null,
    },
    { id: QUALITY_ANALYZER.id, version: QUALITY_ANALYZER.version, level: 'embedded', model: null },
    { id: 'perceptual_hash', version: `${PHASH_ALGORITHM}/1`, level: 'embedded', model: null },
  ];
}

/**
 * Fingerprint of everything that shapes a result: analyzer versions and the thresholds in force.
 * A stored analysis is reused only under the same key, so upgrading an analyzer or changing a
 * threshold re-rates photos while rating the same bytes again is a cache hit.
 */
export function analysisKey(analyzers: AnalyzerInfo[], config: EngineConfig): string {
  const material = JSON.stringify({
    analyzers: analyzers.map(({ id, version, model }) => [id, version, model]),
    quality: config.quality,
    workingLongSidePx: config.workingLongSidePx,
  });
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

/**
 * Which analyzer fills which result fields. A field whose analyzer is not installed is `null` and
 * listed in the result's `unavailable` with this reason, never guessed.
 */
export const FIELD_PRODUCERS: ReadonlyArray<{ fields: string[]; analyzer: string; reason: string }> = [
  { fields: ['score', 'rating'], analyzer: 'score', reason: 'no scoring analyzer is installed' },
  { fields: ['dimension_scores'], analyzer: 'dimensions', reason: 'no dimension scorer is installed' },
  { fields: ['tags'], analyzer: 'tags', reason: 'no tagger is installed' },
  {
    fields: ['content_rating.level', 'content_rating.safe_for_portfolio', 'content_rating.content_rating_conflict'],
    analyzer: 'content',
    reason: 'no content classifier is installed',
  },
  { fields: ['face_count', 'face_confidence'], analyzer: 'faces', reason: 'no face detector is installed' },
  {
    fields: ['rejected', 'needs_review', 'review_reason', 'portfolio_prob'],
    analyzer: 'portfolio_gate',
    reason: 'no portfolio gate is installed',
  },
  { fields: ['is_original'], analyzer: 'provenance', reason: 'no provenance analyzer is installed' },
];
