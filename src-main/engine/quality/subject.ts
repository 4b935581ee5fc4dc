import type { DetectedFace, QualityCheck, SubjectMeasures } from '../../../src-preload/contract/rating-result.js';
import type { QualityThresholds } from '../config.js';
import { luminance, type RawImage } from '../image/raw-image.js';
import type { RegionBox } from '../image/decode-region.js';
import { HIGHLIGHT_CLIP_LEVEL } from './exposure.js';
import { measureFocus } from './focus.js';

/**
 * The subject, judged on its own pixels: the main (largest) face is decoded from the file at full
 * resolution and its focus, its eyes' focus and its exposure measured there. A soft face in a
 * large, otherwise sharp photo, or a face blown out to white in a dark frame, is what a
 * photographer sees first and the frame-wide measures miss.
 */

/** The face box grown by this fraction each side, so the outline of cheeks, hair and ears is in. */
const FACE_MARGIN = 0.15;
/**
 * Crops are measured at most this large: a face 512 px across shows any missed focus, and a larger
 * one from a high-resolution sensor is not held to a standard finer than a full-screen view.
 */
export const SUBJECT_MAX_PX = 512;
/** Below this many pixels across, a face has too few to judge its focus. */
export const MIN_FACE_PX_FOR_FOCUS = 64;

export function mainFaceIndex(faces: readonly DetectedFace[]): number {
  let best = 0;
  faces.forEach((face, index) => {
    if (face.box.width * face.box.height > faces[best]!.box.width * faces[best]!.box.height) best = index;
  });
  return best;
}

/** The region to decode for a face: its box plus a margin, clamped to the image. */
export function subjectRegion(face: DetectedFace, size: { width: number; height: number }): RegionBox {
  const left = Math.max(0, Math.floor(face.box.x - face.box.width * FACE_MARGIN));
  const top = Math.max(0, Math.floor(face.box.y - face.box.height * FACE_MARGIN));
  const right = Math.min(size.width, Math.ceil(face.box.x + face.box.width * (1 + FACE_MARGIN)));
  const bottom = Math.min(size.height, Math.ceil(face.box.y + face.box.height * (1 + FACE_MARGIN)));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

function cropLuma(luma: Uint8Array, width: number, box: RegionBox): Uint8Array {
  const out = new Uint8Array(box.width * box.height);
  for (let row = 0; row < box.height; row++) out.set(luma.subarray((box.top + row) * width + box.left, (box.top + row) * width + box.left + box.width), row * box.width);
  return out;
}

function clampBox(box: RegionBox, width: number, height: number): RegionBox | null {
  const left = Math.max(0, Math.round(box.left));
  const top = Math.max(0, Math.round(box.top));
  const right = Math.min(width, Math.round(box.left + box.width));
  const bottom = Math.min(height, Math.round(box.top + box.height));
  return right - left >= 8 && bottom - top >= 8 ? { left, top, width: right - left, height: bottom - top } : null;
}

/**
 * Measures the face in `crop`, the decode of `region` (full-image pixels) at `crop.width /
 * region.width` of full resolution.
 */
export function measureSubject(crop: RawImage, region: RegionBox, face: DetectedFace, faceIndex: number): SubjectMeasures {
  const scale = crop.width / region.width;
  const luma = luminance(crop);
  const toCrop = (box: RegionBox): RegionBox | null =>
    clampBox({ left: (box.left - region.left) * scale, top: (box.top - region.top) * scale, width: box.width * scale, height: box.height * scale }, crop.width, crop.height);
  const faceBox = toCrop({ left: face.box.x, top: face.box.y, width: face.box.width, height: face.box.height });
  let brightness = 0;
  let clipped = 0;
  if (faceBox) {
    const inner = cropLuma(luma, crop.width, faceBox);
    let sum = 0;
    for (const value of inner) {
      sum += value;
      if (value >= HIGHLIGHT_CLIP_LEVEL) clipped++;
    }
    brightness = sum / inner.length / 255;
    clipped /= inner.length;
  }
  const measuredPx = Math.round(Math.max(face.box.width, face.box.height) * Math.min(1, scale));
  const judgeable = measuredPx >= MIN_FACE_PX_FOR_FOCUS;
  const faceFocus = judgeable ? measureFocus(luma, crop.width, crop.height) : null;
  const eyes = face.keypoints.filter((point) => point.name.endsWith('_eye'));
  let eyesFocus: number | null = null;
  if (judgeable && eyes.length === 2) {
    const xs = eyes.map((point) => point.x);
    const ys = eyes.map((point) => point.y);
    const eyeBox = toCrop({
      left: Math.min(...xs) - face.box.width * 0.18,
      top: Math.min(...ys) - face.box.height * 0.12,
      width: Math.max(...xs) - Math.min(...xs) + face.box.width * 0.36,
      height: Math.max(...ys) - Math.min(...ys) + face.box.height * 0.24,
    });
    if (eyeBox) {
      const measured = measureFocus(cropLuma(luma, crop.width, eyeBox), eyeBox.width, eyeBox.height);
      // Too few edges above the noise to judge (a noisy, dark eye region): no verdict, not "soft".
      eyesFocus = measured.focus > 0 ? measured.focus : null;
    }
  }
  const round = (value: number): number => Math.round(value * 10_000) / 10_000;
  return {
    face_index: faceIndex,
    measured_px: measuredPx,
    face_focus: faceFocus && faceFocus.focus > 0 ? faceFocus.focus : null,
    eyes_focus: eyesFocus,
    face_brightness: round(brightness),
    face_clipped_highlights: round(clipped),
  };
}

/** The subject's verdicts: soft face, soft eyes, a face blown out to white. */
export function subjectChecks(subject: SubjectMeasures, thresholds: QualityThresholds): QualityCheck[] {
  const checks: QualityCheck[] = [];
  if (subject.face_focus !== null) {
    checks.push({ issue: 'soft_focus', measure: 'face_focus', value: subject.face_focus, comparison: '<', threshold: thresholds.softFaceFocus, raised: subject.face_focus < thresholds.softFaceFocus });
  }
  if (subject.eyes_focus !== null) {
    checks.push({ issue: 'eyes_not_sharp', measure: 'eyes_focus', value: subject.eyes_focus, comparison: '<', threshold: thresholds.softEyesFocus, raised: subject.eyes_focus < thresholds.softEyesFocus });
  }
  checks.push({
    issue: 'overexposed',
    measure: 'face_clipped_highlights',
    value: subject.face_clipped_highlights,
    comparison: '>',
    threshold: thresholds.faceClippedHighlights,
    raised: subject.face_clipped_highlights > thresholds.faceClippedHighlights,
  });
  return checks;
}
