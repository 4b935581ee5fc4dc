import type { AnalyzerInfo, ContentEmbedding, ContentRating, RatingResult, UnavailableField } from '../../../src-preload/contract/rating-result.js';
import type { EngineConfig } from '../config.js';
import { analyzeBody, type BodyReport } from '../body/body.analyzer.js';
import { analyzeContentWithFeatures } from '../content/content.analyzer.js';
import { CLIP_IMAGE_MODEL, EMBEDDED_CONTENT_MODEL, encodeEmbedding } from '../grouping/content-embedding.js';
import { noPersonFound, requirePerson } from '../content/person-gate.js';
import { analyzeObjects, facesOnAnimals, type ObjectReport } from '../objects/objects.analyzer.js';
import { analyzeFaces, faceReport, type FaceReport } from '../faces/face.analyzer.js';
import { personTileGate, personWitnesses } from '../faces/tile-gate.js';
import { sha256Hex } from '../hash/file-hash.js';
import { perceptualHash } from '../hash/perceptual-hash.js';
import { COLOUR_SIGNATURE_ALGORITHM, colourSignature } from '../grouping/colour-signature.js';
import { decodeImage, type DecodedImage } from '../image/decode.js';
import type { HeicDecoder } from '../image/heic-decoder.js';
import type { ModelRunner } from '../models/ort-session-factory.js';
import { analyzeQuality } from '../quality/quality.analyzer.js';
import { embeddedLevel } from '../scoring/embedded-level.js';
import { appearanceInputs } from '../scoring/image-quality.js';
import { AI_LEVEL, aiLevel, type AiLevel, type AiPackRuntime } from '../ai-pack/ai-level.js';
import { FIELD_PRODUCERS, MODEL_ANALYZERS } from './analyzers.js';
import { addFaceQuality } from './subject-quality.js';

export type AnalysisDependencies = {
  config: EngineConfig;
  heic: HeicDecoder;
  analyzers: AnalyzerInfo[];
  /** Runs the models; `null` when no model-backed analyzer is installed. */
  runner: ModelRunner | null;
  /** Why an analyzer is missing, where the reason is more specific than "not installed". */
  missingReasons: Map<string, string>;
  /** The installed AI pack's models (loaded on first call); null without the pack. */
  aiPack?: (() => Promise<AiPackRuntime>) | null;
};

export type ImageAnalysis = {
  result: RatingResult;
  decoded: DecodedImage;
  /** True when an installed analyzer failed on this image: the result must not be cached. */
  degraded: boolean;
};

const NO_CONTENT: ContentRating = {
  level: null,
  detail: 'Content was not classified: no content classifier is installed.',
  safe_for_portfolio: null,
  content_rating_conflict: null,
  scores: null,
  reason: null,
};

function unavailableFields(ran: Set<string>, reasons: Map<string, string>): UnavailableField[] {
  return FIELD_PRODUCERS.filter((producer) => !ran.has(producer.analyzer)).flatMap((producer) =>
    producer.fields.map((field) => ({ field, reason: reasons.get(producer.analyzer) ?? producer.reason })),
  );
}

/** Runs an installed model-backed analyzer; a failure becomes a reason, never a crash or a guess. */
async function attempt<T>(installed: boolean, run: () => Promise<T>): Promise<{ value: T } | { error: string } | null> {
  if (!installed) return null;
  try {
    return { value: await run() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** One image's bytes in, the rating result out: one decode feeds every analyzer. */
export async function analyzeImage(bytes: Buffer, deps: AnalysisDependencies, imageHash = sha256Hex(bytes)): Promise<ImageAnalysis> {
  const { config, heic } = deps;
  const decoded = await decodeImage(bytes, { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic });
  return analyzeDecoded(decoded, bytes.length, deps, imageHash, bytes);
}

/**
 * The rating of an image decoded elsewhere (a RAW's embedded preview): `fileSize` and `imageHash`
 * are the file's; `encoded` is what the face region is decoded from at full resolution (empty when
 * only the working pixels may be used, e.g. a preview the RAW's orientation turns).
 */
export async function analyzeDecoded(decoded: DecodedImage, fileSize: number, deps: AnalysisDependencies, imageHash: string, encoded: Buffer): Promise<ImageAnalysis> {
  const { config, analyzers, runner } = deps;
  const installed = new Set(analyzers.map((analyzer) => analyzer.id));
  const { working } = decoded;

  const bodyRun = attempt<BodyReport>(installed.has('body') && runner !== null, () => analyzeBody(runner!, working));
  const objectsRun = attempt<ObjectReport>(installed.has('objects') && runner !== null, () => analyzeObjects(runner!, working));
  // The face tiles run only where object detection or the pose places a person (tile-gate.ts).
  const tileGate = Promise.all([bodyRun, objectsRun]).then(([bodyOutcome, objectsOutcome]) =>
    bodyOutcome && 'value' in bodyOutcome && objectsOutcome && 'value' in objectsOutcome ? personTileGate(personWitnesses(bodyOutcome.value, objectsOutcome.value), working) : null,
  );
  const facesRun = attempt<FaceReport>(installed.has('faces') && runner !== null, () => analyzeFaces(runner!, working, decoded, { eyes: installed.has('eyes'), tileGate }));
  // The content classifier's extra views only when the person gate lets its level stand.
  const moreContentViews = Promise.all([facesRun, bodyRun, objectsRun]).then(
    ([faceOutcome, bodyOutcome, objectsOutcome]) =>
      !noPersonFound({
        faces: faceOutcome && 'value' in faceOutcome ? faceOutcome.value.face_count : null,
        body: bodyOutcome && 'value' in bodyOutcome ? bodyOutcome.value : null,
        objects: objectsOutcome && 'value' in objectsOutcome ? objectsOutcome.value : null,
      }),
  );
  const [quality, phash, faces, content, colour, body, objects] = await Promise.all([
    analyzeQuality(decoded, config.quality),
    perceptualHash(working),
    facesRun,
    attempt(installed.has('content') && runner !== null, () => analyzeContentWithFeatures(runner!, working, { moreViews: moreContentViews })),
    colourSignature(working),
    bodyRun,
    objectsRun,
  ]);

  const ran = new Set(installed);
  const reasons = new Map(deps.missingReasons);
  // Eyes are measured inside the face analysis: without faces there are no eyes either.
  if (!faces || 'error' in faces) {
    ran.delete('eyes');
    if (installed.has('eyes')) reasons.set('eyes', 'eyes are measured on detected faces, and face detection did not run');
  }
  let degraded = false;
  for (const [id, outcome] of [['faces', faces], ['content', content], ['body', body], ['objects', objects]] as const) {
    if (outcome && 'error' in outcome) {
      ran.delete(id);
      reasons.set(id, `the ${id} analyzer failed on this image: ${outcome.error}`);
      degraded = true;
    }
  }
  const objectReport = objects && 'value' in objects ? objects.value : null;
  // A face inside a detected animal, with no person over it, is the animal's: dropped (issue 14.5).
  const faceReport = faces && 'value' in faces ? withoutFacesOnAnimals(faces.value, objectReport, decoded) : null;
  if (faceReport) await addFaceQuality(quality, faceReport, encoded, decoded, config);
  const { source } = decoded;
  const raw = source.raw;
  const sourceInfo = {
    format: raw?.format ?? decoded.format,
    file_size: fileSize,
    metadata_read: source.metadataRead,
    has_exif: source.hasExif,
    camera_make: source.cameraMake,
    camera_model: source.cameraModel,
    software: source.software,
    captured_at: source.capturedAt,
    orientation: source.orientation,
    pages: source.pages,
    captured_at_precise: source.capturedAtPrecise,
    lens: source.lens,
    iso: source.iso,
    exposure_time_s: source.exposureSeconds,
    aperture: source.fNumber,
    focal_length_mm: source.focalLengthMm,
    raw: raw
      ? {
          format: raw.format,
          preview: raw.preview,
          preview_width: raw.previewWidth,
          preview_height: raw.previewHeight,
          sensor_width: raw.sensorWidth,
          sensor_height: raw.sensorHeight,
        }
      : null,
  };
  // A content alarm needs a person: the face detector (confirmed by the mesh) must agree.
  const bodyReport = body && 'value' in body ? body.value : null;
  // …or the body analyzer (segmentation and pose agreeing) finds one.
  const contentRating =
    content && 'value' in content ? requirePerson(content.value.rating, { faces: faceReport ? faceReport.face_count : null, body: bodyReport, objects: objectReport }) : NO_CONTENT;
  // The embedded level reads everything above: faces, quality, content and the file's metadata.
  // The content model's pooled mid-level activations, and the object detector's, feed the whole-photo quality estimate.
  const appearance = appearanceInputs(content && 'value' in content ? content.value.appearance : null, objectReport?.appearance ?? null);
  const level = await embeddedLevel({ working, quality, source: sourceInfo, faces: faceReport?.faces ?? null, content: contentRating, appearance, body: bodyReport, objects: objectReport });
  const ai = await attempt<AiLevel>(installed.has(AI_LEVEL.id) && Boolean(deps.aiPack), async () => aiLevel(await deps.aiPack!(), working, level, contentRating));
  if (ai && 'error' in ai) {
    ran.delete(AI_LEVEL.id);
    reasons.set(AI_LEVEL.id, `the AI pack failed on this image: ${ai.error}`);
    degraded = true;
  }
  const aiValues = ai && 'value' in ai ? ai.value : null;
  const rating = aiValues ?? level;

  const result: RatingResult = {
    rating: rating.rating,
    score: rating.score,
    tags: rating.tags,
    content_rating: aiValues ? { ...contentRating, content_rating_conflict: aiValues.content_rating_conflict, second_opinion: aiValues.nsfw_vit } : contentRating,
    quality,
    rejected: level.rejected,
    is_original: level.is_original,
    portfolio_prob: level.portfolio_prob,
    image_hash: imageHash,
    needs_review: level.needs_review,
    review_reason: level.review_reason,
    face_count: faceReport?.face_count ?? null,
    face_confidence: faceReport?.face_confidence ?? null,
    dimension_scores: rating.dimension_scores,
    faces: faceReport?.faces ?? null,
    face_area_ratio: faceReport?.face_area_ratio ?? null,
    perceptual_hash: phash,
    source: sourceInfo,
    analyzers: analyzers
      .filter((analyzer) => ran.has(analyzer.id))
      .map((analyzer) => {
        const models = MODEL_ANALYZERS.find((candidate) => candidate.id === analyzer.id)?.models;
        return models && runner ? { ...analyzer, execution_provider: runner.providerOf(models[0]) } : analyzer;
      }),
    unavailable: [...unavailableFields(ran, reasons), ...(aiValues ? [] : level.unavailable)],
    why: {
      ...(aiValues ? { ...level.why, ...aiValues.why } : level.why),
      ...(raw
        ? { measured_on: `the ${raw.previewWidth}×${raw.previewHeight} JPEG preview embedded in the ${raw.format.toUpperCase()} (${raw.preview}), not its sensor data` }
        : {}),
    },
    rated_at: new Date().toISOString(),
    similarity: { colour, algorithm: COLOUR_SIGNATURE_ALGORITHM, ...contentEmbeddings(content && 'value' in content ? content.value.features : null, aiValues?.clip_embedding ?? null) },
  };
  return { result, decoded, degraded };
}

/** The face report without the faces object detection places on an animal (counts and ratios recomputed). */
function withoutFacesOnAnimals(report: FaceReport, objects: ObjectReport | null, size: { width: number; height: number }): FaceReport {
  if (!objects) return report;
  const dropped = new Set(facesOnAnimals(report.faces, objects, size));
  if (dropped.size === 0) return report;
  return faceReport(report.faces.filter((face) => !dropped.has(face)), size, report.eyes !== null);
}

/** The frame's content embeddings for grouping: the AI pack's CLIP and the content classifier's features, where they ran. */
function contentEmbeddings(features: Float32Array | null, clip: Float32Array | null): { embeddings?: ContentEmbedding[] } {
  const embeddings = [clip && encodeEmbedding(CLIP_IMAGE_MODEL, clip), features && encodeEmbedding(EMBEDDED_CONTENT_MODEL, features)].filter((entry): entry is ContentEmbedding => Boolean(entry));
  return embeddings.length ? { embeddings } : {};
}
