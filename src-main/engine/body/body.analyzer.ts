import type { RawImage } from '../image/raw-image.js';
import type { ModelRunner } from '../models/ort-session-factory.js';
import { personMaskPixels, personTop, segmentPerson, type PersonMask } from './person-segmentation.js';
import { estimatePose, POSE_LANDMARK_NAMES, type PoseLandmark, type PoseLandmarkName } from './pose.js';

export const BODY_ANALYZER = { id: 'body', version: '1.0.0' } as const;

/**
 * Is there a person, where is the body, and which of its parts are in the frame?
 *   1. Selfie segmentation on the whole frame: which pixels are person.
 *   2. BlazePose on the square around those pixels: 33 landmarks and a pose-presence score.
 *   3. A person is there only when both agree and the pose is a body's: the head sits beyond the
 *      shoulders, away from the hips. The segmenter alone calls white cockatoos 19–87 % person, and
 *      BlazePose gives standing cockatoos 0.76–0.97 presence, but with the "nose" near the
 *      "shoulders" (0–24 % of the torso beyond them; every corpus person whose body BlazePose
 *      finds is 31 % or more).
 * Landmarks are reported as fractions of the frame (0–1, outside when the model places a hidden
 * joint past the edge), so measures do not depend on the working resolution.
 */
/** The segmentation must cover at least this share of the frame before pose is run. */
export const MIN_PERSON_FRACTION = 0.005;
/** BlazePose's own presence threshold (MediaPipe drops poses below it). */
export const MIN_POSE_PRESENCE = 0.5;
/** The nose must sit at least this far beyond the shoulder line (over the torso length or shoulder width). */
export const MIN_HEAD_OFFSET = 0.3;

export type NormalisedLandmark = PoseLandmark;

export type BodyReport = {
  /** Share of the frame the segmenter calls person (probability ≥ 0.5), and its mean probability there. */
  segmentation: { fraction: number; confidence: number };
  /** The pose, in fractions of the frame; null when segmentation found too little to run it on. */
  pose: { presence: number; head_offset: number; landmarks: Record<PoseLandmarkName, NormalisedLandmark> } | null;
  /** Segmentation and pose agree on a human body. */
  person: boolean;
  /** What was measured, in one sentence. */
  evidence: string;
  /** Top of the person's head region (first person row above the nose), fraction of the height; null without a pose. */
  head_top: number | null;
  /** The working image's person mask (1 = person), whenever a pose was found; for background measures. */
  mask: Uint8Array | null;
};

const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;

/** How far beyond the shoulder line the nose sits, along the body's axis, over max(torso length, shoulder width). */
export function headOffset(landmarks: Record<PoseLandmarkName, PoseLandmark>): number {
  const { nose, left_shoulder: leftShoulder, right_shoulder: rightShoulder, left_hip: leftHip, right_hip: rightHip } = landmarks;
  const shoulders = { x: (leftShoulder.x + rightShoulder.x) / 2, y: (leftShoulder.y + rightShoulder.y) / 2 };
  const hips = { x: (leftHip.x + rightHip.x) / 2, y: (leftHip.y + rightHip.y) / 2 };
  const torso = Math.hypot(shoulders.x - hips.x, shoulders.y - hips.y);
  const shoulderWidth = Math.hypot(leftShoulder.x - rightShoulder.x, leftShoulder.y - rightShoulder.y);
  const reference = Math.max(torso, shoulderWidth);
  if (reference === 0 || torso === 0) return 0;
  const axis = { x: (shoulders.x - hips.x) / torso, y: (shoulders.y - hips.y) / torso };
  return ((nose.x - shoulders.x) * axis.x + (nose.y - shoulders.y) * axis.y) / reference;
}

export async function analyzeBody(runner: ModelRunner, working: RawImage): Promise<BodyReport> {
  const mask: PersonMask = await segmentPerson(runner, working);
  const segmentation = { fraction: Math.round(mask.fraction * 10_000) / 10_000, confidence: Math.round(mask.confidence * 1000) / 1000 };
  if (!mask.box || mask.fraction < MIN_PERSON_FRACTION) {
    return { segmentation, pose: null, person: false, evidence: `no person: the segmentation finds ${percent(mask.fraction)} of the frame person-like`, head_top: null, mask: null };
  }
  const pose = await estimatePose(runner, working, mask.box);
  const offset = headOffset(pose.landmarks);
  const landmarks = Object.fromEntries(
    POSE_LANDMARK_NAMES.map((name) => {
      const point = pose.landmarks[name];
      return [name, { x: Math.round((point.x / working.width) * 1000) / 1000, y: Math.round((point.y / working.height) * 1000) / 1000, visibility: Math.round(point.visibility * 1000) / 1000 }];
    }),
  ) as Record<PoseLandmarkName, NormalisedLandmark>;
  const report = { segmentation, pose: { presence: Math.round(pose.presence * 1000) / 1000, head_offset: Math.round(offset * 1000) / 1000, landmarks } };
  if (pose.presence < MIN_POSE_PRESENCE) {
    return { ...report, person: false, evidence: `no person: ${percent(mask.fraction)} of the frame reads person-like, but the pose model sees no body (presence ${pose.presence.toFixed(2)})`, head_top: null, mask: null };
  }
  // The head's top: the first person row in the band of columns around the head.
  const { nose, left_shoulder: leftShoulder, right_shoulder: rightShoulder } = pose.landmarks;
  const halfBand = Math.max(Math.abs(leftShoulder.x - rightShoulder.x) / 2, working.width * 0.02);
  const top = personTop(mask, nose.x - halfBand, nose.x + halfBand);
  // A mask whose top lies below the nose missed the head: no headroom from it.
  const headTop = top === null || top > nose.y ? null : Math.round((top / working.height) * 1000) / 1000;
  const pixels = personMaskPixels(mask, working.width, working.height);
  if (offset < MIN_HEAD_OFFSET) {
    return {
      ...report,
      person: false,
      evidence: `no person: a body-like pose (presence ${pose.presence.toFixed(2)}) whose head does not sit above its shoulders (${percent(offset)} of the torso beyond them)`,
      head_top: headTop,
      mask: pixels,
    };
  }
  return {
    ...report,
    person: true,
    evidence: `a person: ${percent(mask.fraction)} of the frame segmented as person and a body pose (presence ${pose.presence.toFixed(2)}) with the head above the shoulders`,
    head_top: headTop,
    mask: pixels,
  };
}
