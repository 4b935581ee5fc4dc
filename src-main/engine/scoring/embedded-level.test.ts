import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DIMENSION_GROUPS, DIMENSION_KEYS, type RatingResult } from '../../../src-preload/contract/rating-result.js';
import { corpusFile } from '../../../test-support/corpus.js';
import { useTestEngine } from '../../../test-support/test-engine.js';

const engine = useTestEngine();

async function rate(bytes: Buffer): Promise<RatingResult> {
  const outcome = await engine().rateBytes(bytes);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.result;
}

describe('the embedded level', () => {
  it('fills score, rating, the measurable dimensions, tags, gate and provenance, each with its reasons', async () => {
    const result = await rate(readFileSync(corpusFile('faces', 'obama.jpg')));
    expect(result.score).toBeGreaterThan(60);
    expect(result.rating).toMatch(/High|Medium/);
    expect(Object.keys(result.dimension_scores).sort()).toEqual([...DIMENSION_KEYS].sort());
    for (const key of ['lighting', 'professional_quality', 'facial_brightness', 'facial_clarity', 'composition', 'background'] as const) {
      expect(result.dimension_scores[key], key).toBeGreaterThanOrEqual(0);
      expect(result.dimension_scores[key], key).toBeLessThanOrEqual(10);
      expect(result.why.dimensions[key]).toMatchObject({ level: 'embedded', formula: expect.any(String) });
    }
    // Semantic dimensions stay null at this level, each with a reason.
    for (const key of [...DIMENSION_GROUPS.appearance.filter((key) => key !== 'body_proportion'), 'expression_mood', 'facial_structure', 'overall_cohesion'] as const) {
      expect(result.dimension_scores[key], key).toBeNull();
      expect(result.unavailable).toContainEqual({ field: `dimension_scores.${key}`, reason: expect.stringContaining('AI pack') });
    }
    expect(result.tags!.map((tag) => tag.tag)).toEqual(expect.arrayContaining(['portrait', 'vertical']));
    expect(result.why.tags.find((tag) => tag.tag === 'portrait')!.because).toMatch(/face/);
    expect(result.is_original).toBe(true);
    expect(result.why.is_original[0]).toMatch(/camera EXIF/);
    expect(result.portfolio_prob).toBeGreaterThan(0.65);
    expect([result.rejected, result.needs_review]).toEqual([false, false]);
    expect(result.why.score!.components.length).toBeGreaterThanOrEqual(5);
    expect(result.why.portfolio).toMatchObject({ weights: 'prior', features: { score: expect.any(Number) } });
  });

  it('scores a blurred copy lower and sends it to review, with the reason', async () => {
    const original = readFileSync(corpusFile('faces', 'obama3.jpg'));
    const blurred = await sharp(original).blur(8).jpeg({ quality: 90 }).toBuffer();
    const sharpResult = await rate(original);
    const blurResult = await rate(blurred);
    expect(blurResult.score!).toBeLessThan(sharpResult.score! - 20);
    expect(blurResult.dimension_scores.facial_clarity!).toBeLessThan(sharpResult.dimension_scores.facial_clarity!);
    expect(blurResult.needs_review).toBe(true);
    expect(blurResult.review_reason).toContain('blurry');
    expect(blurResult.rejected).toBe(false);
  });

  it('leaves the face dimensions null, saying why, when there is no face', async () => {
    const result = await rate(readFileSync(corpusFile('formats', 'flower.jpg')));
    expect(result.face_count).toBe(0);
    expect(result.dimension_scores.composition).toBeNull();
    expect(result.unavailable).toContainEqual({ field: 'dimension_scores.composition', reason: "measured on the main face or the person's body, and neither was found" });
    expect(result.dimension_scores.lighting).not.toBeNull();
    expect(result.needs_review).toBe(true);
    expect(result.review_reason).toContain('no face found');
  });

  it('rates the small, soft 240p photo Low or Medium and sends it to review rather than rejecting it', async () => {
    const result = await rate(readFileSync(corpusFile('faces', 'obama-240p.jpg')));
    expect(result.rating).not.toBe('High');
    expect(result.rejected).toBe(false);
    expect(result.needs_review).toBe(true);
    expect(result.is_original).toBe(false);
  });
});
