import type { EyeOpenness } from '../../../src-preload/contract/rating-result.js';
import type { RawImage } from '../image/raw-image.js';
import type { ModelRunner } from '../models/ort-session-factory.js';
import { eyeOpenness, type Landmark } from './eye-openness.js';
import type { PixelDetection } from './face-detector.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';
import { regionToTensor, type SquareRegion } from './image-to-tensor.js';

export const FACE_LANDMARK_MODEL_ID = 'face-landmark';
const INPUT_SIZE = 192;
const LANDMARK_COUNT = 468;
/** MediaPipe's face_detection_front_detection_to_roi: the box grown 1.5× into a square. */
const ROI_SCALE = 1.5;
/** Eyes on a face narrower than this (working-image pixels) are too few pixels to judge. */
export const MIN_FACE_WIDTH_FOR_EYES = 28;
/** Below this presence score the crop holds no face the mesh believes in: no verdict on eyes. */
const MIN_PRESENCE = 0.5;

/** The rotated square crop MediaPipe's face mesh expects, from a detection's box and eye keypoints. */
export function faceRegion(detection: PixelDetection): SquareRegion {
  const [rightEye, leftEye] = detection.keypoints;
  // Angle of the line from the subject's right eye to the left one, counter-clockwise (y up).
  const rotation = Math.atan2(-(leftEye!.y - rightEye!.y), leftEye!.x - rightEye!.x);
  const size = Math.max(detection.xMax - detection.xMin, detection.yMax - detection.yMin) * ROI_SCALE;
  const centreX = (detection.xMin + detection.xMax) / 2;
  const centreY = (detection.yMin + detection.yMax) / 2;
  return { left: centreX - size / 2, top: centreY - size / 2, size, rotation };
}

export type FaceMesh = { landmarks: Landmark[]; presence: number };

export async function faceMesh(runner: ModelRunner, image: RawImage, detection: PixelDetection): Promise<FaceMesh> {
  await yieldToEventLoop();
  const input = regionToTensor(image, faceRegion(detection), INPUT_SIZE, 0, 255);
  const outputs = Object.values(await runner.run(FACE_LANDMARK_MODEL_ID, input));
  const coordinates = outputs.find((output) => output.data.length === LANDMARK_COUNT * 3);
  const presence = outputs.find((output) => output.data.length === 1);
  if (!coordinates || !presence) throw new Error(`face mesh: unexpected outputs ${outputs.map((output) => output.dims.join('×')).join(', ')}`);
  const landmarks: Landmark[] = [];
  for (let index = 0; index < LANDMARK_COUNT; index++) landmarks.push({ x: coordinates.data[index * 3]!, y: coordinates.data[index * 3 + 1]! });
  return { landmarks, presence: 1 / (1 + Math.exp(-presence.data[0]!)) };
}

/**
 * The face mesh's own opinion of a detection: its presence score (is there a face in this crop at
 * all?) and, when it believes in one, the eyes' openness. `null` when the face is too small for
 * the mesh to judge.
 */
export async function checkFace(runner: ModelRunner, image: RawImage, detection: PixelDetection): Promise<{ presence: number; eyes: EyeOpenness | null } | null> {
  if (detection.xMax - detection.xMin < MIN_FACE_WIDTH_FOR_EYES) return null;
  const mesh = await faceMesh(runner, image, detection);
  return { presence: mesh.presence, eyes: mesh.presence < MIN_PRESENCE ? null : eyeOpenness(mesh.landmarks) };
}

/** Eye openness of one detected face, or `null` when the face is too small or the mesh finds none. */
export async function measureEyes(runner: ModelRunner, image: RawImage, detection: PixelDetection): Promise<EyeOpenness | null> {
  if (detection.xMax - detection.xMin < MIN_FACE_WIDTH_FOR_EYES) return null;
  const mesh = await faceMesh(runner, image, detection);
  if (mesh.presence < MIN_PRESENCE) return null;
  return eyeOpenness(mesh.landmarks);
}
