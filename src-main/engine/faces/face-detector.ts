import type { RawImage } from '../image/raw-image.js';
import type { ModelRunner } from '../models/ort-session-factory.js';
import {
  BLAZEFACE_CONFIGS,
  decodeDetections,
  generateAnchors,
  weightedNonMaxSuppression,
  type Anchor,
  type BlazeFaceVariant,
  type NormalizedDetection,
} from './blazeface.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';
import { letterboxRegion, regionToTensor, type SquareRegion } from './image-to-tensor.js';

export const BLAZEFACE_MODEL_IDS: Record<BlazeFaceVariant, string> = {
  short: 'blazeface-short-range',
  full: 'blazeface-full-range',
};

/** A detection in the pixels of the image it was found in (same shape, other coordinate space). */
export type PixelDetection = NormalizedDetection;

/** BlazeFace inputs are RGB scaled to [−1, 1]. */
const INPUT_MEAN = 127.5;
const INPUT_STD = 127.5;

const anchorsByVariant = new Map<BlazeFaceVariant, Anchor[]>();
function anchorsFor(variant: BlazeFaceVariant): Anchor[] {
  let anchors = anchorsByVariant.get(variant);
  if (!anchors) {
    anchors = generateAnchors(BLAZEFACE_CONFIGS[variant]);
    anchorsByVariant.set(variant, anchors);
  }
  return anchors;
}

function toPixels(detection: NormalizedDetection, region: SquareRegion): PixelDetection {
  const x = (value: number): number => region.left + value * region.size;
  const y = (value: number): number => region.top + value * region.size;
  return {
    xMin: x(detection.xMin),
    yMin: y(detection.yMin),
    xMax: x(detection.xMax),
    yMax: y(detection.yMax),
    score: detection.score,
    keypoints: detection.keypoints.map((point) => ({ x: x(point.x), y: y(point.y) })),
  };
}

/** Runs one BlazeFace variant on one square region, MediaPipe-style: decode, weighted NMS, back to pixels. */
export async function detectInRegion(
  runner: ModelRunner,
  image: RawImage,
  region: SquareRegion,
  variant: BlazeFaceVariant,
  minScore: number,
): Promise<PixelDetection[]> {
  const config = BLAZEFACE_CONFIGS[variant];
  await yieldToEventLoop();
  const input = regionToTensor(image, region, config.inputSize, INPUT_MEAN, INPUT_STD);
  const outputs = Object.values(await runner.run(BLAZEFACE_MODEL_IDS[variant], input));
  // Told apart by size, not by name: [1, boxes, 16] regressors and [1, boxes, 1] scores.
  const regressors = outputs.find((output) => output.data.length === config.numBoxes * (4 + 2 * config.numKeypoints));
  const logits = outputs.find((output) => output.data.length === config.numBoxes);
  if (!regressors || !logits) throw new Error(`BlazeFace ${variant}: unexpected outputs ${outputs.map((output) => output.dims.join('×')).join(', ')}`);
  const decoded = decodeDetections(config, anchorsFor(variant), regressors.data, logits.data, minScore);
  return weightedNonMaxSuppression(decoded, config.minSuppressionThreshold).map((detection) => toPixels(detection, region));
}

/** The whole image, letterboxed to the model's square input, as MediaPipe's FaceDetector does it. */
export function detectInFrame(runner: ModelRunner, image: RawImage, variant: BlazeFaceVariant, minScore: number): Promise<PixelDetection[]> {
  return detectInRegion(runner, image, letterboxRegion(image), variant, minScore);
}
