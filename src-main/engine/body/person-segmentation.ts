import type { RawImage } from '../image/raw-image.js';
import type { ModelRunner } from '../models/ort-session-factory.js';
import { letterboxRegion, regionToTensor, type SquareRegion } from '../faces/image-to-tensor.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';

export const SELFIE_SEGMENTATION_MODEL_ID = 'selfie-segmentation';
const MASK_SIZE = 256;
/** A pixel belongs to the person when the model's probability is at least this (MediaPipe's own cut). */
export const PERSON_PROBABILITY = 0.5;

/** A box in the working image's pixels. */
export type PixelBox = { left: number; top: number; right: number; bottom: number };

/**
 * MediaPipe Selfie Segmentation on the whole frame, letterboxed to its 256² input as MediaPipe does
 * (keep aspect ratio, black bars). The model answers, per pixel, how likely it belongs to a person.
 */
export type PersonMask = {
  /** The letterboxed square the 256² probabilities cover, in working-image pixels. */
  region: SquareRegion;
  probabilities: Float32Array;
  /** Share of the frame's pixels that are person (probability ≥ 0.5), 0–1. */
  fraction: number;
  /** Mean probability over those pixels: how sure the model is of them (0 when there are none). */
  confidence: number;
  /** Bounding box of the person pixels; null when there are none. */
  box: PixelBox | null;
};

export async function segmentPerson(runner: ModelRunner, working: RawImage): Promise<PersonMask> {
  await yieldToEventLoop();
  const region = letterboxRegion(working);
  const input = regionToTensor(working, region, MASK_SIZE, 0, 255);
  const outputs = Object.values(await runner.run(SELFIE_SEGMENTATION_MODEL_ID, input));
  const probabilities = outputs.find((output) => output.data.length === MASK_SIZE * MASK_SIZE)?.data;
  if (!probabilities) throw new Error(`selfie segmentation: unexpected outputs ${outputs.map((output) => output.dims.join('×')).join(', ')}`);
  const step = region.size / MASK_SIZE;
  // The cells inside the frame: the letterbox's columns (or rows) are the same on every row.
  const columnX = Float64Array.from({ length: MASK_SIZE }, (_, u) => region.left + (u + 0.5) * step);
  let firstColumn = 0;
  while (firstColumn < MASK_SIZE && columnX[firstColumn]! < 0) firstColumn++;
  let endColumn = firstColumn;
  while (endColumn < MASK_SIZE && columnX[endColumn]! >= 0 && columnX[endColumn]! < working.width) endColumn++;
  let inside = 0;
  let person = 0;
  let probabilitySum = 0;
  let box: PixelBox | null = null;
  for (let v = 0; v < MASK_SIZE; v++) {
    const y = region.top + (v + 0.5) * step;
    if (y < 0 || y >= working.height) continue;
    inside += endColumn - firstColumn;
    for (let u = firstColumn, at = v * MASK_SIZE + firstColumn; u < endColumn; u++, at++) {
      const probability = probabilities[at]!;
      if (probability < PERSON_PROBABILITY) continue;
      const x = columnX[u]!;
      person++;
      probabilitySum += probability;
      if (box === null) box = { left: x, top: y, right: x, bottom: y };
      else {
        box.left = Math.min(box.left, x);
        box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y);
        box.bottom = Math.max(box.bottom, y);
      }
    }
  }
  if (box) {
    // Cell centres to cell edges, so a person touching the frame's edge reaches it.
    box = {
      left: Math.max(0, box.left - step / 2),
      top: Math.max(0, box.top - step / 2),
      right: Math.min(working.width, box.right + step / 2),
      bottom: Math.min(working.height, box.bottom + step / 2),
    };
  }
  return { region, probabilities, fraction: inside ? person / inside : 0, confidence: person ? probabilitySum / person : 0, box };
}

/** The person mask at the working image's resolution (1 = person), nearest 256² cell per pixel. */
export function personMaskPixels(mask: PersonMask, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const scale = MASK_SIZE / mask.region.size;
  // Each pixel column's cell column, once for all rows; it never decreases along a row, so a row
  // is a few runs of pixels sharing one cell, and rows sharing one cell row are copies.
  const cellColumn = Int32Array.from({ length: width }, (_, x) => Math.min(MASK_SIZE - 1, Math.max(0, Math.floor((x + 0.5 - mask.region.left) * scale))));
  let previousV = -1;
  for (let y = 0; y < height; y++) {
    const v = Math.min(MASK_SIZE - 1, Math.max(0, Math.floor((y + 0.5 - mask.region.top) * scale)));
    const rowStart = y * width;
    if (v === previousV) {
      out.copyWithin(rowStart, rowStart - width, rowStart);
      continue;
    }
    previousV = v;
    const row = v * MASK_SIZE;
    for (let runStart = 0; runStart < width; ) {
      const u = cellColumn[runStart]!;
      let runEnd = runStart + 1;
      while (runEnd < width && cellColumn[runEnd] === u) runEnd++;
      if (mask.probabilities[row + u]! >= PERSON_PROBABILITY) out.fill(1, rowStart + runStart, rowStart + runEnd);
      runStart = runEnd;
    }
  }
  return out;
}

/** The top of the person in column band [x0, x1) of the working image: the first row holding person pixels. */
export function personTop(mask: PersonMask, x0: number, x1: number): number | null {
  const step = mask.region.size / MASK_SIZE;
  for (let v = 0; v < MASK_SIZE; v++) {
    const y = mask.region.top + (v + 0.5) * step;
    for (let u = 0; u < MASK_SIZE; u++) {
      const x = mask.region.left + (u + 0.5) * step;
      if (x < x0 || x >= x1 || y < 0) continue;
      if (mask.probabilities[v * MASK_SIZE + u]! >= PERSON_PROBABILITY) return Math.max(0, y - step / 2);
    }
  }
  return null;
}
