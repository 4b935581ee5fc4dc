import type { FaceBox } from '../../../src-preload/contract/rating-result.js';
import { cropRaw, luminance, type RawImage } from '../image/raw-image.js';
import { laplacianHistograms, laplacianPercentiles, percentileOf } from '../quality/sharpness.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';
import { measureSkin, type SkinMeasures } from './skin-measures.js';

/** Faces are measured at one scale, whatever their size in the photo, so values compare. */
export const FACE_MEASURE_SIZE = 256;

export type FaceMeasures = {
  /** Mean luma of the face box, 0–1. */
  brightness: number;
  /** P99 |Laplacian| of the face resampled to 256² (the sharpness definition, at face scale). */
  sharpness: number;
  /** Skin hue and texture in the cheek and nose patches; null when too few skin pixels are usable. */
  skin: SkinMeasures | null;
};

export type BackgroundMeasures = {
  /** Median |Laplacian| outside the (enlarged) face boxes, working scale: busy backgrounds read high. */
  clutter: number;
  /** P99 |Laplacian| of the face boxes over that of the background: subject separation. */
  separation: number;
};

/** Face boxes are in full-image pixels; the working image is `scale` times that size. */
export async function measureFace(working: RawImage, face: FaceBox, scale: number): Promise<FaceMeasures> {
  const crop = await cropRaw(working, { left: face.x * scale, top: face.y * scale, width: face.width * scale, height: face.height * scale }, FACE_MEASURE_SIZE);
  await yieldToEventLoop();
  const luma = luminance(crop);
  let sum = 0;
  for (let index = 0; index < luma.length; index++) sum += luma[index]!;
  const sharpness = laplacianPercentiles(luma, crop.width, crop.height).p99;
  return { brightness: Math.round((sum / luma.length / 255) * 1000) / 1000, sharpness, skin: measureSkin(crop, sharpness) };
}

/** Background measures on the working image, with each face box grown by half to cover hair. */
export async function measureBackground(working: RawImage, faces: FaceBox[], scale: number): Promise<BackgroundMeasures | null> {
  await yieldToEventLoop();
  const { width, height } = working;
  const luma = luminance(working);
  const inFace = new Uint8Array(width * height);
  for (const face of faces) {
    const grow = 0.25;
    const x0 = Math.max(0, Math.floor((face.x - face.width * grow) * scale));
    const y0 = Math.max(0, Math.floor((face.y - face.height * grow) * scale));
    const x1 = Math.min(width, Math.ceil((face.x + face.width * (1 + grow)) * scale));
    const y1 = Math.min(height, Math.ceil((face.y + face.height * (1 + grow)) * scale));
    for (let y = y0; y < y1; y++) inFace.fill(1, y * width + x0, y * width + x1);
  }
  return separationAndClutter(luma, width, height, inFace);
}

/** Background measures outside a person mask (the selfie segmentation's, working resolution): the whole body is the subject. */
export async function measureBackgroundOutside(working: RawImage, subject: Uint8Array): Promise<BackgroundMeasures | null> {
  await yieldToEventLoop();
  return separationAndClutter(luminance(working), working.width, working.height, subject);
}

function separationAndClutter(luma: Uint8Array, width: number, height: number, subjectMask: Uint8Array): BackgroundMeasures | null {
  const { inside: subject, outside: background } = laplacianHistograms(luma, width, height, subjectMask);
  if (subject.samples < 100 || background.samples < 100) return null;
  const backgroundP99 = Math.max(1, percentileOf(background, 0.99));
  return {
    clutter: percentileOf(background, 0.5),
    separation: Math.round((percentileOf(subject, 0.99) / backgroundP99) * 100) / 100,
  };
}
