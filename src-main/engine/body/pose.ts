import type { RawImage } from '../image/raw-image.js';
import type { ModelRunner } from '../models/ort-session-factory.js';
import { regionToTensor, type SquareRegion } from '../faces/image-to-tensor.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';
import type { PixelBox } from './person-segmentation.js';

export const POSE_LANDMARK_MODEL_ID = 'pose-landmark-lite';
const INPUT_SIZE = 256;
/** BlazePose's 33 landmarks, in the model's output order. */
export const POSE_LANDMARK_NAMES = [
  'nose', 'left_eye_inner', 'left_eye', 'left_eye_outer', 'right_eye_inner', 'right_eye', 'right_eye_outer', 'left_ear', 'right_ear',
  'mouth_left', 'mouth_right', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
  'left_pinky', 'right_pinky', 'left_index', 'right_index', 'left_thumb', 'right_thumb', 'left_hip', 'right_hip',
  'left_knee', 'right_knee', 'left_ankle', 'right_ankle', 'left_heel', 'right_heel', 'left_foot_index', 'right_foot_index',
] as const;
export type PoseLandmarkName = (typeof POSE_LANDMARK_NAMES)[number];
const VALUES_PER_LANDMARK = 5;
/** The model outputs 39 landmarks: the 33 body ones, then 6 auxiliary ones MediaPipe uses for tracking. */
const OUTPUT_LANDMARKS = 39;

/** One landmark in working-image pixels; `visibility` is the model's probability that it is seen (not hidden or outside). */
export type PoseLandmark = { x: number; y: number; visibility: number };
export type Pose = {
  /** The model's pose-presence score: is there a whole human body pose in the region at all. */
  presence: number;
  landmarks: Record<PoseLandmarkName, PoseLandmark>;
};

/**
 * The region BlazePose reads: a square around the person, upright. MediaPipe derives it from its
 * pose detector (the body centred, 1.25× the body's extent); here the person segmentation's box
 * plays the detector's part, grown the same 1.25×.
 */
export function poseRegion(person: PixelBox): SquareRegion {
  const size = Math.max(person.right - person.left, person.bottom - person.top) * 1.25;
  return { left: (person.left + person.right) / 2 - size / 2, top: (person.top + person.bottom) / 2 - size / 2, size };
}

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

export async function estimatePose(runner: ModelRunner, working: RawImage, person: PixelBox): Promise<Pose> {
  await yieldToEventLoop();
  const region = poseRegion(person);
  const outputs = Object.values(await runner.run(POSE_LANDMARK_MODEL_ID, regionToTensor(working, region, INPUT_SIZE, 0, 255)));
  const coordinates = outputs.find((output) => output.data.length === OUTPUT_LANDMARKS * VALUES_PER_LANDMARK);
  const presence = outputs.find((output) => output.data.length === 1);
  if (!coordinates || !presence) throw new Error(`pose landmarks: unexpected outputs ${outputs.map((output) => output.dims.join('×')).join(', ')}`);
  const scale = region.size / INPUT_SIZE;
  const landmarks = Object.fromEntries(
    POSE_LANDMARK_NAMES.map((name, index) => {
      const at = index * VALUES_PER_LANDMARK;
      return [name, { x: region.left + coordinates.data[at]! * scale, y: region.top + coordinates.data[at + 1]! * scale, visibility: sigmoid(coordinates.data[at + 3]!) }];
    }),
  ) as Record<PoseLandmarkName, PoseLandmark>;
  // The presence output already passed through the model's own sigmoid.
  return { presence: presence.data[0]!, landmarks };
}
