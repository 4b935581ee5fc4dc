import { COCO_CLASSES, type CocoClass } from './coco-classes.js';

/**
 * NanoDet's head, decoded. Per stride (8, 16, 32 on a 416² input: 52², 26², 13² cells, row-major)
 * the model gives, for each cell, 80 class scores (already through a sigmoid) and 4 × 11 logits:
 * for each side of the box (left, top, right, bottom) a distribution over distances 0…10 cells
 * (Generalized Focal Loss's "distribution" regression). The side's distance is the distribution's
 * expectation (softmax, then Σ p·i), times the stride; the box is measured from the cell's centre.
 * Candidates above a score threshold go through per-class non-maximum suppression.
 */
export const NANODET_INPUT = 416;
export const NANODET_STRIDES = [8, 16, 32] as const;
/** Bins per side: distances 0…REG_MAX cells. */
export const NANODET_REG_MAX = 10;

/** A detection in fractions of the frame (0–1), x to the right, y down. */
export type Detection = { label: CocoClass; score: number; box: { left: number; top: number; right: number; bottom: number } };

export type HeadOutputs = Array<{ dims: readonly number[]; data: Float32Array }>;

/** Two boxes' intersection over union. */
export function iou(a: Detection['box'], b: Detection['box']): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  if (width <= 0 || height <= 0) return 0;
  const inter = width * height;
  const union = (a.right - a.left) * (a.bottom - a.top) + (b.right - b.left) * (b.bottom - b.top) - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy non-maximum suppression within each class, highest score first. */
export function suppressPerClass(candidates: Detection[], iouThreshold: number): Detection[] {
  const kept: Detection[] = [];
  for (const candidate of [...candidates].sort((a, b) => b.score - a.score)) {
    if (kept.some((other) => other.label === candidate.label && iou(other.box, candidate.box) > iouThreshold)) continue;
    kept.push(candidate);
  }
  return kept;
}

/** The expected distance of one side: softmax over the bins at `offset`, then Σ p·i. */
function expectedDistance(logits: Float32Array, offset: number): number {
  let max = -Infinity;
  for (let bin = 0; bin <= NANODET_REG_MAX; bin++) max = Math.max(max, logits[offset + bin]!);
  let sum = 0;
  let weighted = 0;
  for (let bin = 0; bin <= NANODET_REG_MAX; bin++) {
    const p = Math.exp(logits[offset + bin]! - max);
    sum += p;
    weighted += p * bin;
  }
  return weighted / sum;
}

/** One cell's box, in fractions of the input, clamped to it. */
function cellBox(boxes: Float32Array, cell: number, cellsPerSide: number, stride: number, inputSize: number): Detection['box'] {
  const centreX = ((cell % cellsPerSide) + 0.5) * stride;
  const centreY = (Math.floor(cell / cellsPerSide) + 0.5) * stride;
  const base = cell * 4 * (NANODET_REG_MAX + 1);
  const [left, top, right, bottom] = [0, 1, 2, 3].map((side) => expectedDistance(boxes, base + side * (NANODET_REG_MAX + 1)) * stride) as [number, number, number, number];
  return {
    left: Math.max(0, (centreX - left) / inputSize),
    top: Math.max(0, (centreY - top) / inputSize),
    right: Math.min(1, (centreX + right) / inputSize),
    bottom: Math.min(1, (centreY + bottom) / inputSize),
  };
}

/**
 * Decodes the six head outputs into detections at or above `minScore` (people: `personMinScore`),
 * after per-class NMS. `inputSize`: the side of the square input the graph was run at (only the
 * input-size measurement, bench/nanodet-input-size.ts, runs it at another).
 */
export function decodeNanodet(outputs: HeadOutputs, minScore: number, iouThreshold: number, personMinScore = minScore, inputSize = NANODET_INPUT): Detection[] {
  const personIndex = COCO_CLASSES.indexOf('person');
  const classes = COCO_CLASSES.length;
  const sides = 4 * (NANODET_REG_MAX + 1);
  const candidates: Detection[] = [];
  for (const stride of NANODET_STRIDES) {
    const cellsPerSide = inputSize / stride;
    const cells = cellsPerSide * cellsPerSide;
    const scores = outputs.find((output) => output.dims[1] === cells && output.dims[2] === classes)?.data;
    const boxes = outputs.find((output) => output.dims[1] === cells && output.dims[2] === sides)?.data;
    if (!scores || !boxes) throw new Error(`NanoDet: no ${cells}-cell outputs among ${outputs.map((output) => output.dims.join('×')).join(', ')}`);
    // Nearly every score is far under both floors: one comparison with the lower rejects it, in
    // one flat pass; a cell's box is decoded once, for its first score that passes.
    const floor = Math.min(minScore, personMinScore);
    let boxCell = -1;
    let box: Detection['box'] | null = null;
    for (let at = 0, end = cells * classes; at < end; at++) {
      const score = scores[at]!;
      if (score < floor) continue;
      const cell = Math.floor(at / classes);
      const label = at - cell * classes;
      if (score < (label === personIndex ? personMinScore : minScore)) continue;
      if (cell !== boxCell) {
        box = cellBox(boxes, cell, cellsPerSide, stride, inputSize);
        boxCell = cell;
      }
      candidates.push({ label: COCO_CLASSES[label]!, score, box: box! });
    }
  }
  return suppressPerClass(candidates, iouThreshold);
}
