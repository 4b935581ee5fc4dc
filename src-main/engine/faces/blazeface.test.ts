import { describe, expect, it } from 'vitest';
import { BLAZEFACE_CONFIGS, decodeDetections, generateAnchors, weightedNonMaxSuppression, type NormalizedDetection } from './blazeface.js';
import { tileRegions } from './face.analyzer.js';

describe('BlazeFace anchors', () => {
  it('match MediaPipe: 896 for short range (16² × 2 + 8² × 6), 2304 for full range (48²)', () => {
    const short = generateAnchors(BLAZEFACE_CONFIGS.short);
    expect(short).toHaveLength(896);
    expect(short[0]).toEqual({ xCenter: 0.5 / 16, yCenter: 0.5 / 16 });
    expect(short[1]).toEqual(short[0]);
    expect(short[512]).toEqual({ xCenter: 0.5 / 8, yCenter: 0.5 / 8 });
    const full = generateAnchors(BLAZEFACE_CONFIGS.full);
    expect(full).toHaveLength(2304);
    expect(full[2303]).toEqual({ xCenter: 47.5 / 48, yCenter: 47.5 / 48 });
  });
});

describe('BlazeFace decoding', () => {
  it('decodes x, y, w, h and keypoints relative to the anchor, with sigmoid scores', () => {
    const config = BLAZEFACE_CONFIGS.short;
    const anchors = generateAnchors(config);
    const regressors = new Float32Array(896 * 16);
    const logits = new Float32Array(896).fill(-10);
    // Box 600 (anchor at some cell of the 8×8 grid): centre shifted by +12.8 px, 64 × 32 px.
    regressors.set([12.8, 0, 64, 32, 0, 0, 6.4, 6.4], 600 * 16);
    logits[600] = 2;
    const [detection, ...rest] = decodeDetections(config, anchors, regressors, logits, 0.5);
    expect(rest).toHaveLength(0);
    const anchor = anchors[600]!;
    expect(detection!.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(detection!.xMin).toBeCloseTo(anchor.xCenter + 0.1 - 0.25, 6);
    expect(detection!.xMax).toBeCloseTo(anchor.xCenter + 0.1 + 0.25, 6);
    expect(detection!.yMin).toBeCloseTo(anchor.yCenter - 0.125, 6);
    expect(detection!.keypoints[1]).toEqual({ x: expect.closeTo(anchor.xCenter + 0.05, 6), y: expect.closeTo(anchor.yCenter + 0.05, 6) });
  });
});

describe('weighted non-maximum suppression', () => {
  const box = (xMin: number, score: number): NormalizedDetection => ({
    xMin,
    yMin: 0,
    xMax: xMin + 0.2,
    yMax: 0.2,
    score,
    keypoints: [{ x: xMin, y: 0 }],
  });

  it('merges overlapping boxes into their score-weighted mean and keeps the best score', () => {
    const [merged, ...others] = weightedNonMaxSuppression([box(0.1, 0.9), box(0.12, 0.6), box(0.7, 0.8)], 0.3);
    expect(others).toHaveLength(1);
    expect(merged!.score).toBe(0.9);
    expect(merged!.xMin).toBeCloseTo((0.1 * 0.9 + 0.12 * 0.6) / 1.5, 6);
    expect(others[0]!.xMin).toBeCloseTo(0.7, 9);
  });
});

describe('tiles for small faces', () => {
  it('cover a landscape frame with overlapping squares of 60 % of the long side', () => {
    const tiles = tileRegions(1024, 683);
    expect(tiles.length).toBeGreaterThanOrEqual(2);
    for (const tile of tiles) expect(tile.size).toBe(614);
    expect(Math.min(...tiles.map((tile) => tile.left))).toBe(0);
    expect(Math.max(...tiles.map((tile) => tile.left + tile.size))).toBe(1024);
  });

  it('are skipped for small images', () => {
    expect(tileRegions(300, 200)).toEqual([]);
  });
});
