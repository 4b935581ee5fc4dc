/**
 * BlazeFace post-processing as MediaPipe configures it (mediapipe/modules/face_detection/
 * face_detection_{short,full}_range.pbtxt): SSD anchors, box and keypoint decoding, sigmoid scores,
 * and weighted non-maximum suppression. Coordinates are normalised to the model's square input.
 */
export type BlazeFaceVariant = 'short' | 'full';

export type BlazeFaceConfig = {
  inputSize: number;
  strides: number[];
  anchorOffset: number;
  /** MediaPipe's default is 1.0 (one extra anchor per location); full range sets 0 (none). */
  interpolatedScaleAspectRatio: number;
  numBoxes: number;
  numKeypoints: number;
  /** Raw box values are divided by this (x, y, w, h scales are all the input size). */
  coordinateScale: number;
  scoreClippingThreshold: number;
  minSuppressionThreshold: number;
};

export const BLAZEFACE_CONFIGS: Record<BlazeFaceVariant, BlazeFaceConfig> = {
  short: {
    inputSize: 128,
    strides: [8, 16, 16, 16],
    anchorOffset: 0.5,
    interpolatedScaleAspectRatio: 1,
    numBoxes: 896,
    numKeypoints: 6,
    coordinateScale: 128,
    scoreClippingThreshold: 100,
    minSuppressionThreshold: 0.3,
  },
  full: {
    inputSize: 192,
    strides: [4],
    anchorOffset: 0.5,
    interpolatedScaleAspectRatio: 0,
    numBoxes: 2304,
    numKeypoints: 6,
    coordinateScale: 192,
    scoreClippingThreshold: 100,
    minSuppressionThreshold: 0.3,
  },
};

export type Anchor = { xCenter: number; yCenter: number };

export type NormalizedDetection = {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  score: number;
  /** right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion (subject's sides). */
  keypoints: Array<{ x: number; y: number }>;
};

/**
 * SsdAnchorsCalculator with fixed_anchor_size (so min/max scale don't matter: every anchor is
 * 1 × 1 and only centres are used). Consecutive layers of one
 * stride share a grid; each contributes one anchor per aspect ratio plus, when
 * interpolatedScaleAspectRatio > 0, one interpolated anchor.
 */
export function generateAnchors(config: BlazeFaceConfig): Anchor[] {
  const anchors: Anchor[] = [];
  let layer = 0;
  while (layer < config.strides.length) {
    let anchorsPerCell = 0;
    let last = layer;
    while (last < config.strides.length && config.strides[last] === config.strides[layer]) {
      anchorsPerCell += 1 + (config.interpolatedScaleAspectRatio > 0 ? 1 : 0);
      last++;
    }
    const stride = config.strides[layer]!;
    const cells = Math.ceil(config.inputSize / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let anchor = 0; anchor < anchorsPerCell; anchor++) {
          anchors.push({ xCenter: (x + config.anchorOffset) / cells, yCenter: (y + config.anchorOffset) / cells });
        }
      }
    }
    layer = last;
  }
  return anchors;
}

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

/** TensorsToDetectionsCalculator: raw regressors [numBoxes × 16] and logits [numBoxes] → detections over `minScore`. */
export function decodeDetections(
  config: BlazeFaceConfig,
  anchors: Anchor[],
  regressors: Float32Array,
  logits: Float32Array,
  minScore: number,
): NormalizedDetection[] {
  const coords = 4 + config.numKeypoints * 2;
  const detections: NormalizedDetection[] = [];
  const scale = config.coordinateScale;
  for (let box = 0; box < config.numBoxes; box++) {
    const clipped = Math.max(-config.scoreClippingThreshold, Math.min(config.scoreClippingThreshold, logits[box]!));
    const score = sigmoid(clipped);
    if (score < minScore) continue;
    const anchor = anchors[box]!;
    const offset = box * coords;
    // reverse_output_order: the model writes x, y, w, h.
    const xCenter = regressors[offset]! / scale + anchor.xCenter;
    const yCenter = regressors[offset + 1]! / scale + anchor.yCenter;
    const width = regressors[offset + 2]! / scale;
    const height = regressors[offset + 3]! / scale;
    const keypoints = [];
    for (let keypoint = 0; keypoint < config.numKeypoints; keypoint++) {
      keypoints.push({
        x: regressors[offset + 4 + keypoint * 2]! / scale + anchor.xCenter,
        y: regressors[offset + 5 + keypoint * 2]! / scale + anchor.yCenter,
      });
    }
    detections.push({
      xMin: xCenter - width / 2,
      yMin: yCenter - height / 2,
      xMax: xCenter + width / 2,
      yMax: yCenter + height / 2,
      score,
      keypoints,
    });
  }
  return detections;
}

export function intersectionOverUnion(a: NormalizedDetection, b: NormalizedDetection): number {
  const width = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
  const height = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const union = (a.xMax - a.xMin) * (a.yMax - a.yMin) + (b.xMax - b.xMin) * (b.yMax - b.yMin) - intersection;
  return union > 0 ? intersection / union : 0;
}

/**
 * NonMaxSuppressionCalculator, algorithm WEIGHTED: the best remaining detection absorbs every
 * detection overlapping it by more than the threshold (itself included); box and keypoints become
 * their score-weighted mean, the score stays the best one's.
 */
export function weightedNonMaxSuppression(detections: NormalizedDetection[], threshold: number): NormalizedDetection[] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const output: NormalizedDetection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const cluster: NormalizedDetection[] = [];
    const rest: NormalizedDetection[] = [];
    for (const candidate of remaining) (intersectionOverUnion(best, candidate) > threshold ? cluster : rest).push(candidate);
    const total = cluster.reduce((sum, member) => sum + member.score, 0);
    const mean = (pick: (member: NormalizedDetection) => number): number =>
      cluster.reduce((sum, member) => sum + pick(member) * member.score, 0) / total;
    output.push({
      xMin: mean((member) => member.xMin),
      yMin: mean((member) => member.yMin),
      xMax: mean((member) => member.xMax),
      yMax: mean((member) => member.yMax),
      score: best.score,
      keypoints: best.keypoints.map((_, index) => ({
        x: mean((member) => member.keypoints[index]!.x),
        y: mean((member) => member.keypoints[index]!.y),
      })),
    });
    remaining = rest;
  }
  return output;
}
