import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { corpusFile } from '../../../test-support/corpus.js';
import { addNoise, defocus, enlarge, exposeStops, soften } from '../../../test-support/degrade.js';
import { useTestEngine } from '../../../test-support/test-engine.js';

const engine = useTestEngine();

async function rate(bytes: Buffer): Promise<RatingResult> {
  const outcome = await engine().rateBytes(bytes);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.result;
}

const photo = (name: string): Buffer => readFileSync(corpusFile('faces', name));
const raisedBy = (result: RatingResult, measure: string): boolean => result.quality.checks.some((check) => check.measure === measure && check.raised);

describe('subject-aware quality: the main face judged at full resolution', () => {
  it.each(['obama_and_biden.jpg', 'obama3.jpg'])('a face softened by 2.5 px in the large photo %s is soft_focus, scores lower and goes to review', async (name) => {
    const original = photo(name);
    const sharpResult = await rate(original);
    const soft = await rate(await soften(original, 2.5));
    expect(sharpResult.quality.issues).not.toContain('soft_focus');
    expect(sharpResult.quality.issues).not.toContain('eyes_not_sharp');
    expect(sharpResult.quality.subject!.face_focus).toBeGreaterThan(100);
    expect(raisedBy(soft, 'face_focus')).toBe(true);
    expect(soft.quality.issues).toContain('soft_focus');
    expect(soft.needs_review).toBe(true);
    expect(soft.review_reason).toContain('soft_focus');
    expect(soft.score!).toBeLessThan(sharpResult.score! - 10);
    expect(soft.dimension_scores.facial_clarity!).toBeLessThan(sharpResult.dimension_scores.facial_clarity!);
  });

  it('calls a face blown out to white overexposed, though the rest of the frame is dark', async () => {
    const original = photo('obama.jpg');
    const face = (await rate(original)).faces![0]!.box;
    const region = { left: Math.round(face.x), top: Math.round(face.y), width: Math.round(face.width), height: Math.round(face.height) };
    const blown = await sharp(original).extract(region).linear(3.2, 40).toBuffer();
    const dark = await exposeStops(original, -1);
    const result = await rate(await sharp(dark).composite([{ input: blown, left: region.left, top: region.top }]).jpeg({ quality: 92 }).toBuffer());
    expect(result.quality.exposure.midtone_mean).toBeLessThan(0.45);
    expect(raisedBy(result, 'face_clipped_highlights')).toBe(true);
    expect(result.quality.issues).toContain('overexposed');
    expect(raisedBy(await rate(original), 'face_clipped_highlights')).toBe(false);
  });

  it('keeps a sharp portrait two stops too dark out of "blurry", and calls a noisy missed shot blurry with a lower score', async () => {
    const original = photo('obama3.jpg');
    const dark = await rate(await exposeStops(original, -2));
    const missed = await rate(await addNoise(await defocus(original), 12));
    expect(dark.quality.issues).not.toContain('blurry');
    expect(dark.quality.issues).not.toContain('soft_focus');
    expect(dark.score!).toBeGreaterThan(40);
    expect(missed.quality.issues).toContain('blurry');
    expect(missed.score!).toBeLessThan(dark.score! - 10);
  });

  it('says an enlarged 240p photo is not an original: it has no detail of its own', async () => {
    const result = await rate(await enlarge(photo('obama-240p.jpg'), 1920));
    expect(result.quality.issues).toContain('soft_focus');
    expect(result.is_original).toBe(false);
    expect(result.why.is_original.join(' ')).toMatch(/enlarged/);
  });
});
