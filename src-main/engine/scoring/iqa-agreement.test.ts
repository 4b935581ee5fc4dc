import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inFitHalf, IQA_DIR, readMos, spearman } from '../../../bench/iqa/iqa-split.js';
import { DEFAULT_LIMITS, DEFAULT_QUALITY_THRESHOLDS } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { analyzeQuality } from '../quality/quality.analyzer.js';
import { embeddedDimensions } from './embedded-dimensions.js';
import { IMAGE_QUALITY_MODEL, predictImageQuality } from './image-quality.js';
import { technicalScore } from './technical-score.js';

const heic = new HeicDecoder();
afterAll(() => heic.close());

/**
 * The embedded score against people's opinion (BIQ2021 sample in ../shared/corpus/iqa, read in
 * place), on photos the weights were NOT fitted on: every other photo of the held-out half, to keep
 * the test short (bench/iqa/fit-score.ts reports the whole half). The score here is the embedded
 * level's own formula for a photo without faces.
 */
describe('the score agrees with people', () => {
  it.runIf(existsSync(path.join(IQA_DIR, 'mos.csv')))('ranks held-out BIQ2021 photos like their opinion scores (SRCC printed)', { timeout: 900_000 }, async () => {
    const held = readMos().filter((row) => !inFitHalf(row.file)).filter((_, index) => index % 2 === 0);
    const scores: number[] = [];
    for (const row of held) {
      const decoded = await decodeImage(readFileSync(path.join(IQA_DIR, 'images', row.file)), { limits: DEFAULT_LIMITS, workingLongSidePx: 1024, heic });
      const quality = await analyzeQuality(decoded, DEFAULT_QUALITY_THRESHOLDS);
      const dims = embeddedDimensions({ quality, faces: null, face: null, background: null });
      scores.push(technicalScore(dims, quality.issues, predictImageQuality(quality)).score);
    }
    const srcc = spearman(scores, held.map((row) => row.mos));
    console.log(`SRCC of the embedded score with BIQ2021 opinion scores, ${held.length} held-out photos: ${srcc.toFixed(3)} (model's own held-out figure: ${JSON.stringify(IMAGE_QUALITY_MODEL.srcc_held_out)})`);
    // Held-out figure of the whole half: 0.564 (sharpness alone 0.544); the goal of 0.70 is not reached.
    expect(srcc).toBeGreaterThan(0.5);
    // No ties made by clamping: no photo is pinned at 0 or 100, and most get a score of their own
    // (the rest share a value only through rounding to 0.1).
    expect(scores.every((score) => score > 0 && score < 100)).toBe(true);
    expect(new Set(scores).size).toBeGreaterThan(held.length * 0.7);
  });
});
