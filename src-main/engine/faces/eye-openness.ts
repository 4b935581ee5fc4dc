import type { EyeOpenness } from '../../../src-preload/contract/rating-result.js';

/**
 * Eye openness from face-mesh landmarks: the eye aspect ratio (Soukupová & Čech, 2016),
 * EAR = (|p2 − p6| + |p3 − p5|) / (2 |p1 − p4|): the mean eyelid gap over the eye's width, taken
 * at two points along the lids. It does not depend on the face's size or in-plane rotation.
 * Open eyes read about 0.25–0.35, closed ones under 0.1.
 *
 * MediaPipe face-mesh indices, in the order p1 (outer or inner corner), p2, p3 (upper lid),
 * p4 (other corner), p5, p6 (lower lid); "left" and "right" are the subject's.
 */
export const EYE_LANDMARKS = {
  right: [33, 160, 158, 133, 153, 144],
  left: [362, 385, 387, 263, 373, 380],
} as const;

/** Below this EAR an eye counts as closed. A blink midway reads ~0.15; a squint ~0.18. */
export const CLOSED_EYE_RATIO = 0.15;

export type Landmark = { x: number; y: number };

function distance(a: Landmark, b: Landmark): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function eyeAspectRatio(landmarks: Landmark[], indices: readonly number[]): number {
  const [p1, p2, p3, p4, p5, p6] = indices.map((index) => landmarks[index]!);
  const width = distance(p1!, p4!);
  if (width === 0) return 0;
  return (distance(p2!, p6!) + distance(p3!, p5!)) / (2 * width);
}

/** Both eyes closed makes a closed-eyes face; one closed eye (a wink) does not. */
export function eyeOpenness(landmarks: Landmark[]): EyeOpenness {
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  const left = eyeAspectRatio(landmarks, EYE_LANDMARKS.left);
  const right = eyeAspectRatio(landmarks, EYE_LANDMARKS.right);
  return { left: round(left), right: round(right), closed: left < CLOSED_EYE_RATIO && right < CLOSED_EYE_RATIO };
}
