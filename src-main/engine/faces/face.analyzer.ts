import type { DetectedFace } from '../../../src-preload/contract/rating-result.js';
import type { RawImage } from '../image/raw-image.js';
import type { ModelRunner } from '../models/ort-session-factory.js';
import { weightedNonMaxSuppression } from './blazeface.js';
import { detectInFrame, detectInRegion, type PixelDetection } from './face-detector.js';
import { checkFace } from './face-landmarks.js';
import type { SquareRegion } from './image-to-tensor.js';
import type { TileGate } from './tile-gate.js';

export const FACE_ANALYZER = { id: 'faces', version: '2.0.0' } as const;

/**
 * Multi-scale face detection on the working image:
 *   1. full-range BlazeFace on the whole frame, letterboxed to 192² (MediaPipe's own setup);
 *   2. short-range BlazeFace on the whole frame, for close-ups that fill the picture;
 *   3. full-range on overlapping tiles of ~60 % of the long side, so that faces too small to
 *      survive the whole-frame downscale (a row of faces in a group photo) are still found —
 *      unless the frame passes already found a face at least 15 % of the long side wide: in a
 *      portrait, faces small enough to need tiles are bystanders — and only the tiles where a
 *      person witness (object detection, person segmentation) places a person (tile-gate.ts).
 * Detections from all passes are merged with MediaPipe's weighted NMS, then a face mostly inside
 * another (a tile seeing half a face) is dropped.
 */
export const FACE_MIN_SCORE = 0.5;
/** Tiles see more texture per face-sized window; they need a surer detection to count. */
export const TILE_MIN_SCORE = 0.65;
const MERGE_IOU = 0.3;
/**
 * The face mesh's presence score a detection needs to count as a face (when the mesh is installed
 * and the face is wide enough for it). Every corpus face reads 1.000; the cockatoo "faces" the
 * detector reported at 0.55–0.62 read 0.002–0.006, as does a walker's back of the head (0.005).
 */
export const MESH_MIN_PRESENCE = 0.5;
const CONTAINMENT = 0.6;
const TILE_FRACTION = 0.6;
/** Below this long side a tile would be smaller than the model's input: no tiling. */
const MIN_TILING_LONG_SIDE = 400;
/** A face at least this wide (over the long side) makes the photo a portrait: no tiling. */
const PORTRAIT_FACE_FRACTION = 0.15;

export const KEYPOINT_NAMES = ['right_eye', 'left_eye', 'nose_tip', 'mouth_center', 'right_ear_tragion', 'left_ear_tragion'] as const;

/** Eyes are measured on at most this many faces (the largest): a crowd is not a portrait. */
const MAX_FACES_FOR_EYES = 8;

export type FaceReport = {
  faces: DetectedFace[];
  face_count: number;
  face_confidence: number | null;
  /** Largest face's box area over the image area, 0–1. */
  face_area_ratio: number | null;
  /** Faces whose eyes were measured, and how many of them have both eyes closed; null without eyes. */
  eyes: { measured: number; closed: number } | null;
};

export function tileRegions(width: number, height: number): SquareRegion[] {
  const longSide = Math.max(width, height);
  if (longSide < MIN_TILING_LONG_SIDE) return [];
  const size = Math.round(longSide * TILE_FRACTION);
  const starts = (extent: number): number[] => {
    if (extent <= size) return [(extent - size) / 2];
    const count = Math.ceil((extent - size) / (size * 0.75)) + 1;
    return Array.from({ length: count }, (_, index) => ((extent - size) * index) / (count - 1));
  };
  return starts(height).flatMap((top) => starts(width).map((left) => ({ left, top, size })));
}

function area(detection: PixelDetection): number {
  return Math.max(0, detection.xMax - detection.xMin) * Math.max(0, detection.yMax - detection.yMin);
}

function containedFraction(inner: PixelDetection, outer: PixelDetection): number {
  const width = Math.min(inner.xMax, outer.xMax) - Math.max(inner.xMin, outer.xMin);
  const height = Math.min(inner.yMax, outer.yMax) - Math.max(inner.yMin, outer.yMin);
  if (width <= 0 || height <= 0) return 0;
  return (width * height) / Math.max(1e-9, area(inner));
}

/** MediaPipe's weighted NMS over all passes, then containment suppression (the smaller of two nested boxes goes). */
export function mergeDetections(detections: PixelDetection[]): PixelDetection[] {
  const merged = weightedNonMaxSuppression(detections, MERGE_IOU);
  return merged.filter(
    (candidate) =>
      !merged.some((other) => other !== candidate && area(other) >= area(candidate) && containedFraction(candidate, other) > CONTAINMENT && other.score >= candidate.score * 0.8),
  );
}

/** Finds faces on the working image and reports them in the upright full image's pixels. */
export async function analyzeFaces(
  runner: ModelRunner,
  working: RawImage,
  fullSize: { width: number; height: number },
  options: { eyes: boolean; tileGate?: Promise<TileGate | null> },
): Promise<FaceReport> {
  const frame = (await Promise.all([detectInFrame(runner, working, 'full', FACE_MIN_SCORE), detectInFrame(runner, working, 'short', FACE_MIN_SCORE)])).flat();
  const longSide = Math.max(working.width, working.height);
  const portrait = frame.some((detection) => detection.xMax - detection.xMin >= PORTRAIT_FACE_FRACTION * longSide);
  const candidates = portrait ? [] : tileRegions(working.width, working.height);
  // Waited for only when there are tiles to run: the witnesses ran beside the frame passes.
  const gate = candidates.length && options.tileGate ? await options.tileGate : null;
  const tiles = gate ? candidates.filter(gate) : candidates;
  const tiled = await Promise.all(tiles.map((tile) => detectInRegion(runner, working, tile, 'full', TILE_MIN_SCORE)));
  const merged = mergeDetections([...frame, ...tiled.flat()]).sort((a, b) => b.score - a.score);
  const largest = [...merged].sort((a, b) => area(b) - area(a)).slice(0, MAX_FACES_FOR_EYES);
  // The face mesh checks each candidate it can see: a detection it finds no face in (a bird's
  // head, a knot in wood) is dropped; the others get their eyes measured from the same run.
  const meshChecks = options.eyes
    ? await Promise.all(merged.map((detection) => (largest.includes(detection) ? checkFace(runner, working, detection) : Promise.resolve(null))))
    : merged.map(() => null);
  const keptIndices = merged.map((_, index) => index).filter((index) => {
    const check = meshChecks[index];
    return !check || check.presence >= MESH_MIN_PRESENCE;
  });
  const kept = keptIndices.map((index) => merged[index]!);
  const eyes = keptIndices.map((index) => meshChecks[index]?.eyes ?? null);

  const scale = fullSize.width / working.width;
  const clampX = (value: number): number => Math.min(fullSize.width, Math.max(0, value * scale));
  const clampY = (value: number): number => Math.min(fullSize.height, Math.max(0, value * scale));
  const round1 = (value: number): number => Math.round(value * 10) / 10;
  const faces: DetectedFace[] = kept.map((detection, index) => {
    const x = clampX(detection.xMin);
    const y = clampY(detection.yMin);
    return {
      box: { x: round1(x), y: round1(y), width: round1(clampX(detection.xMax) - x), height: round1(clampY(detection.yMax) - y) },
      score: Math.round(detection.score * 10_000) / 10_000,
      keypoints: detection.keypoints.map((point, keypoint) => ({ name: KEYPOINT_NAMES[keypoint]!, x: round1(point.x * scale), y: round1(point.y * scale) })),
      eyes: eyes[index] ?? null,
    };
  });
  return faceReport(faces, fullSize, Boolean(options.eyes));
}

/** The report on these faces (best first) in a frame of this size; `eyesRan`: whether eyes were measured at all. */
export function faceReport(faces: DetectedFace[], size: { width: number; height: number }, eyesRan: boolean): FaceReport {
  const largestArea = faces.reduce((best, face) => Math.max(best, face.box.width * face.box.height), 0);
  const measured = faces.filter((face) => face.eyes !== null);
  return {
    faces,
    face_count: faces.length,
    face_confidence: faces[0]?.score ?? null,
    face_area_ratio: faces.length ? Math.round((largestArea / (size.width * size.height)) * 10_000) / 10_000 : null,
    eyes: eyesRan ? { measured: measured.length, closed: measured.filter((face) => face.eyes!.closed).length } : null,
  };
}
