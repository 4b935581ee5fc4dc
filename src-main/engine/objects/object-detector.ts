import type { RawImage } from '../image/raw-image.js';
import { resizeRaw } from '../image/raw-image.js';
import { manifestEntry } from '../models/model-manifest.js';
import type { ModelOutputs, ModelRunner } from '../models/ort-session-factory.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';
import { decodeNanodet, NANODET_INPUT, type Detection } from './nanodet-decode.js';

export const NANODET_MODEL_ID = 'nanodet-m';
/** Candidates below this score are not decoded at all (the tags apply their own, higher thresholds). */
export const MIN_DETECTION_SCORE = 0.3;
/** Boxes of one class overlapping more than this are one object (NanoDet's own NMS threshold). */
export const NMS_IOU = 0.6;

/** Where the frame sits in the 416² input: scale and offset of the letterbox. */
export type Letterbox = { scale: number; left: number; top: number; width: number; height: number };

/**
 * NanoDet on the whole frame, once, letterboxed into its 416² input as NanoDet's own demo does
 * (aspect ratio kept, centred, black bars): stretching a 16:9 frame square made the corpus
 * cockatoos read as people (person 0.50–0.76) where the letterboxed frame gives 0.00–0.58. The
 * input is BGR with NanoDet's per-channel mean and deviation (models/manifest.json), which the
 * corpus portraits score higher under than RGB in 0–1. Boxes come back in fractions of the frame.
 */
export async function detectObjects(runner: ModelRunner, working: RawImage, minScore = MIN_DETECTION_SCORE, personMinScore = minScore): Promise<Detection[]> {
  const { outputs, letterbox } = await runNanodet(runner, working);
  return detectionsFrom(outputs, letterbox, minScore, personMinScore);
}

/** The detections in one NanoDet run's outputs (its extra, inner outputs are ignored); people down to `personMinScore`. */
export function detectionsFrom(outputs: ModelOutputs, letterbox: Letterbox, minScore = MIN_DETECTION_SCORE, personMinScore = minScore): Detection[] {
  return decodeNanodet(Object.values(outputs), minScore, NMS_IOU, personMinScore).map((detection) => ({ ...detection, box: toFrame(detection.box, letterbox) }));
}

/** One NanoDet run on the letterboxed frame: all its outputs, and where the frame sits in the input. */
export async function runNanodet(runner: ModelRunner, working: RawImage): Promise<{ outputs: ModelOutputs; letterbox: Letterbox }> {
  await yieldToEventLoop();
  const spec = manifestEntry(NANODET_MODEL_ID).input;
  if (spec.layout !== 'NCHW' || spec.color !== 'BGR') throw new Error(`${NANODET_MODEL_ID}: the manifest's input is not planar BGR`);
  const small = await resizeRaw(working, { width: NANODET_INPUT, height: NANODET_INPUT, fit: 'inside' }, true);
  const box: Letterbox = {
    scale: small.width / working.width,
    width: small.width,
    height: small.height,
    left: Math.floor((NANODET_INPUT - small.width) / 2),
    top: Math.floor((NANODET_INPUT - small.height) / 2),
  };
  const plane = NANODET_INPUT * NANODET_INPUT;
  const input = new Float32Array(3 * plane);
  // Planes in BGR order; each plane starts as black ((0 − mean) / std), the picture goes in its middle.
  for (let channel = 0; channel < 3; channel++) input.fill(-spec.mean[channel]! / spec.std[channel]!, channel * plane, (channel + 1) * plane);
  // Each plane's value for each byte, computed once (the same arithmetic, so the same floats): the
  // loop below is then three table reads a pixel instead of three subtractions and divisions.
  const levels = [0, 1, 2].map((channel) => Float32Array.from({ length: 256 }, (_, byte) => (byte - spec.mean[channel]!) / spec.std[channel]!));
  const [blueLevels, greenLevels, redLevels] = levels as [Float32Array, Float32Array, Float32Array];
  const { data } = small;
  for (let y = 0; y < small.height; y++) {
    let target = (box.top + y) * NANODET_INPUT + box.left;
    for (let x = 0, offset = y * small.width * 3; x < small.width; x++, offset += 3, target++) {
      // BGR planes: plane 0 reads the pixel's blue byte (RGB offset 2), plane 2 its red one.
      input[target] = blueLevels[data[offset + 2]!]!;
      input[plane + target] = greenLevels[data[offset + 1]!]!;
      input[2 * plane + target] = redLevels[data[offset]!]!;
    }
  }
  return { outputs: await runner.run(NANODET_MODEL_ID, input), letterbox: box };
}

/** A box in fractions of the 416² input, as fractions of the frame. */
function toFrame(input: Detection['box'], letterbox: Letterbox): Detection['box'] {
  const clamp = (value: number): number => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
  const x = (value: number): number => clamp((value * NANODET_INPUT - letterbox.left) / letterbox.width);
  const y = (value: number): number => clamp((value * NANODET_INPUT - letterbox.top) / letterbox.height);
  return { left: x(input.left), top: y(input.top), right: x(input.right), bottom: y(input.bottom) };
}
