import {
  DIMENSION_KEYS,
  type AnalyzerInfo,
  type DimensionScores,
  type RatingResult,
  type UnavailableField,
} from '../../../src-preload/contract/rating-result.js';
import type { EngineConfig } from '../config.js';
import { sha256Hex } from '../hash/file-hash.js';
import { perceptualHash } from '../hash/perceptual-hash.js';
import { decodeImage, type DecodedImage } from '../image/decode.js';
import type { HeicDecoder } from '../image/heic-decoder.js';
import { analyzeQuality } from '../quality/quality.analyzer.js';
import { FIELD_PRODUCERS } from './analyzers.js';

export type AnalysisDependencies = {
  config: EngineConfig;
  heic: HeicDecoder;
  analyzers: AnalyzerInfo[];
};

export type ImageAnalysis = { result: RatingResult; decoded: DecodedImage };

function unavailableFields(analyzers: AnalyzerInfo[]): UnavailableField[] {
  const installed = new Set(analyzers.map((analyzer) => analyzer.id));
  return FIELD_PRODUCERS.filter((producer) => !installed.has(producer.analyzer)).flatMap((producer) =>
    producer.fields.map((field) => ({ field, reason: producer.reason })),
  );
}

const NO_DIMENSIONS = Object.fromEntries(DIMENSION_KEYS.map((key) => [key, null])) as DimensionScores;

/** One image's bytes in, the rating result out: one decode feeds every analyzer. */
export async function analyzeImage(bytes: Buffer, deps: AnalysisDependencies, imageHash = sha256Hex(bytes)): Promise<ImageAnalysis> {
  const { config, heic, analyzers } = deps;
  const decoded = await decodeImage(bytes, { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic });
  const [quality, phash] = await Promise.all([analyzeQuality(decoded, config.quality), perceptualHash(decoded.working)]);
  const { source } = decoded;

  const result: RatingResult = {
    rating: null,
    score: null,
    tags: null,
    content_rating: {
      level: null,
      detail: 'Content was not classified: no content classifier is installed.',
      safe_for_portfolio: null,
      content_rating_conflict: null,
    },
    quality,
    rejected: null,
    is_original: null,
    portfolio_prob: null,
    image_hash: imageHash,
    needs_review: null,
    review_reason: null,
    face_count: null,
    face_confidence: null,
    dimension_scores: { ...NO_DIMENSIONS },
    perceptual_hash: phash,
    source: {
      format: decoded.format,
      file_size: bytes.length,
      metadata_read: source.metadataRead,
      has_exif: source.hasExif,
      camera_make: source.cameraMake,
      camera_model: source.cameraModel,
      software: source.software,
      captured_at: source.capturedAt,
      orientation: source.orientation,
      pages: source.pages,
    },
    analyzers,
    unavailable: unavailableFields(analyzers),
    rated_at: new Date().toISOString(),
  };
  return { result, decoded };
}
