import { createHash } from 'node:crypto';
import type { AnalyzerInfo } from '../../../src-preload/contract/rating-result.js';
import type { EngineConfig } from '../config.js';
import { BODY_ANALYZER } from '../body/body.analyzer.js';
import { SELFIE_SEGMENTATION_MODEL_ID } from '../body/person-segmentation.js';
import { POSE_LANDMARK_MODEL_ID } from '../body/pose.js';
import { APPEARANCE_WIDE_MODEL_ID } from '../content/appearance.js';
import { CONTENT_ANALYZER, NSFW_MODEL_ID } from '../content/content.analyzer.js';
import { FACE_ANALYZER } from '../faces/face.analyzer.js';
import { BLAZEFACE_MODEL_IDS } from '../faces/face-detector.js';
import { FACE_LANDMARK_MODEL_ID } from '../faces/face-landmarks.js';
import { PHASH_ALGORITHM } from '../hash/perceptual-hash.js';
import { decoderVersion } from '../image/decode.js';
import { manifestEntry } from '../models/model-manifest.js';
import { NANODET_MODEL_ID } from '../objects/object-detector.js';
import { OBJECTS_ANALYZER } from '../objects/objects.analyzer.js';
import type { ModelStatus } from '../models/model-store.js';
import { QUALITY_ANALYZER } from '../quality/quality.analyzer.js';
import { EMBEDDED_SCORING } from '../scoring/embedded-level.js';


/** "id@version#sha8" for each model: names the exact weights behind a result. */
function modelLabel(ids: string[]): string {
  return ids
    .map((id) => {
      const entry = manifestEntry(id);
      const digest = createHash('sha256').update(entry.source.files.map((file) => file.sha256).join()).digest('hex').slice(0, 8);
      return `${id}@${entry.source.version}#${digest}`;
    })
    .join(', ');
}

/** Model-backed analyzers and the models each needs. */
export const MODEL_ANALYZERS = [
  { ...FACE_ANALYZER, models: [BLAZEFACE_MODEL_IDS.full, BLAZEFACE_MODEL_IDS.short] },
  { id: 'eyes', version: '1.0.0', models: [FACE_LANDMARK_MODEL_ID] },
  { ...CONTENT_ANALYZER, models: [NSFW_MODEL_ID, APPEARANCE_WIDE_MODEL_ID] },
  { ...BODY_ANALYZER, models: [SELFIE_SEGMENTATION_MODEL_ID, POSE_LANDMARK_MODEL_ID] },
  { ...OBJECTS_ANALYZER, models: [NANODET_MODEL_ID] },
] as const;

export type ModelAnalyzerId = (typeof MODEL_ANALYZERS)[number]['id'];

/** The analyzers this engine runs, with the versions that go into every result. */
export function installedAnalyzers(models: ModelStatus): AnalyzerInfo[] {
  const pixelAnalyzers: AnalyzerInfo[] = [
    { id: 'decode', version: decoderVersion(), level: 'embedded', model: null },
    { id: QUALITY_ANALYZER.id, version: QUALITY_ANALYZER.version, level: 'embedded', model: null },
    { id: 'perceptual_hash', version: `${PHASH_ALGORITHM}/1`, level: 'embedded', model: null },
    // The embedded scoring level: score and measurable dimensions, measured tags, the gate, provenance.
    { id: EMBEDDED_SCORING.id, version: EMBEDDED_SCORING.version, level: 'embedded', model: null },
    { id: 'tags', version: '1.1.0', level: 'embedded', model: null },
    { id: 'portfolio_gate', version: '1.0.0', level: 'embedded', model: null },
    { id: 'provenance', version: '1.0.0', level: 'embedded', model: null },
  ];
  const modelAnalyzers = MODEL_ANALYZERS.filter((analyzer) => analyzer.models.every((id) => models.get(id)?.ok)).map(
    (analyzer): AnalyzerInfo => ({ id: analyzer.id, version: analyzer.version, level: 'embedded', model: modelLabel([...analyzer.models]) }),
  );
  return [...pixelAnalyzers, ...modelAnalyzers];
}

/** Why a model-backed analyzer is not installed, in the user's terms. */
export function missingAnalyzerReasons(models: ModelStatus): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const analyzer of MODEL_ANALYZERS) {
    const failures = analyzer.models.map((id) => models.get(id)).filter((status) => status && !status.ok) as Array<{ ok: false; reason: string }>;
    if (failures.length) reasons.set(analyzer.id, failures.map((failure) => failure.reason).join('; '));
  }
  return reasons;
}

/**
 * Fingerprint of everything that shapes a result: analyzer versions and models, and the thresholds
 * in force. A stored analysis is reused only under the same key, so upgrading an analyzer or a model
 * or changing a threshold re-rates photos, while rating the same bytes again is a cache hit.
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
  { fields: ['tags'], analyzer: 'tags', reason: 'no tagger is installed' },
  {
    fields: ['content_rating.level', 'content_rating.safe_for_portfolio'],
    analyzer: 'content',
    reason: 'no content classifier is installed',
  },
  {
    fields: ['content_rating.content_rating_conflict'],
    analyzer: 'ai_pack',
    reason: 'needs a second, independent content classifier (the AI pack)',
  },
  { fields: ['face_count', 'face_confidence', 'faces', 'face_area_ratio'], analyzer: 'faces', reason: 'no face detector is installed' },
  { fields: ['faces[].eyes'], analyzer: 'eyes', reason: 'no face landmark model is installed' },
  {
    fields: ['rejected', 'needs_review', 'review_reason', 'portfolio_prob'],
    analyzer: 'portfolio_gate',
    reason: 'no portfolio gate is installed',
  },
  { fields: ['is_original'], analyzer: 'provenance', reason: 'no provenance analyzer is installed' },
];
