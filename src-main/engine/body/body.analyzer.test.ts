import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { corpusFile } from '../../../test-support/corpus.js';
import { useTestEngine } from '../../../test-support/test-engine.js';

const engine = useTestEngine();

async function rate(bytes: Buffer): Promise<RatingResult> {
  const outcome = await engine().rateBytes(bytes);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.result;
}

const measured = (result: RatingResult): string[] =>
  Object.entries(result.dimension_scores)
    .filter(([, value]) => value !== null)
    .map(([key]) => key);
const tagNames = (result: RatingResult): string[] => result.tags!.map((tag) => tag.tag);
const FRAMING = ['headshot', 'half-body', 'full-body'];

describe('the body analyzer on the corpus (selfie segmentation + BlazePose)', () => {
  it.each([
    ['faces', 'obama.jpg', 'half-body'],
    ['faces', 'biden.jpg', 'half-body'],
    ['faces', 'img1.jpg', 'half-body'],
    ['faces', 'kit_with_rose.jpg', 'half-body'],
    ['bursts', 'd70s-series-1.jpg', 'full-body'],
  ])('%s/%s is framed %s and has at least 10 of the 18 dimensions measured', async (folder, name, framing) => {
    const result = await rate(readFileSync(corpusFile(folder, name)));
    expect(tagNames(result)).toContain(framing);
    expect(tagNames(result).filter((tag) => FRAMING.includes(tag))).toHaveLength(1);
    expect(result.why.tags.find((tag) => tag.tag === framing)!.because).toMatch(/pose sees/);
    expect(measured(result).length).toBeGreaterThanOrEqual(10);
    expect(measured(result)).toEqual(expect.arrayContaining(['body_proportion', 'composition', 'background', 'color_harmony', 'facial_skin_tone', 'skin_quality']));
    expect(result.why.dimensions.composition!.formula).toMatch(/joints cut by the frame/);
    expect(result.why.dimensions.background!.formula).toMatch(/person segmentation mask/);
    expect(result.analyzers.find((analyzer) => analyzer.id === 'body')).toMatchObject({ model: expect.stringContaining('pose-landmark-lite@') });
    // No model for expression, hair or clothing: null, with the reason.
    expect(result.dimension_scores.expression_mood).toBeNull();
    expect(result.unavailable).toContainEqual({ field: 'dimension_scores.expression_mood', reason: expect.stringMatching(/no licence-clean expression model.*AI pack/) });
  });

  it('frames a tight face shot as a headshot from the face when no body pose is found', async () => {
    const result = await rate(readFileSync(corpusFile('faces', 'lin-manuel-miranda.png')));
    expect(tagNames(result)).toContain('headshot');
    expect(result.dimension_scores.body_proportion).toBeNull();
    expect(result.unavailable).toContainEqual({ field: 'dimension_scores.body_proportion', reason: expect.stringMatching(/no person's body was found/) });
  });

  it.each([
    ['bursts', 'cockatoo-b-1.jpg'],
    ['bursts', 'cockatoo-b-3.jpg'],
    ['bursts', 'cockatoo-c-2.jpg'],
    ['bursts', 'cockatoo-d-1.jpg'],
    ['camera', 'apple-iphone-5.jpg'],
    ['formats', 'flower.jpg'],
  ])('finds no person in %s/%s: no framing, no body dimensions, and says what it measured', async (folder, name) => {
    const result = await rate(readFileSync(corpusFile(folder, name)));
    expect(tagNames(result).filter((tag) => FRAMING.includes(tag))).toEqual([]);
    expect(result.dimension_scores.body_proportion).toBeNull();
    expect(result.dimension_scores.composition).toBeNull();
    expect(result.content_rating.detail).toMatch(/No person detected \(no face found, no person: /);
  });

  it('finds the small walker in canon-eos-1000d.jpg full-body, with composition and background measured without a face', async () => {
    const result = await rate(readFileSync(corpusFile('camera', 'canon-eos-1000d.jpg')));
    expect(result.face_count).toBe(0);
    expect(tagNames(result)).toContain('full-body');
    expect(result.dimension_scores.composition).not.toBeNull();
    expect(result.dimension_scores.background).not.toBeNull();
  });

  it('frames a full-body photo cropped above the knees as half-body, and no longer measures its legs', async () => {
    const original = readFileSync(corpusFile('bursts', 'd70s-series-1.jpg'));
    const cropped = await sharp(original).extract({ left: 0, top: 0, width: 2000, height: Math.round(3008 * 0.72) }).jpeg({ quality: 92 }).toBuffer();
    const full = await rate(original);
    const cut = await rate(cropped);
    expect(tagNames(full)).toContain('full-body');
    expect(full.why.dimensions.body_proportion!.measures).toHaveProperty('leg_to_torso');
    expect(tagNames(cut)).toContain('half-body');
    expect(cut.why.dimensions.body_proportion?.measures ?? {}).not.toHaveProperty('leg_to_torso');
    expect(cut.why.dimensions.composition!.measures).toHaveProperty('joints_cut');
  });

  it('reads a colour cast off the skin-tone line and sensor noise on the skin', async () => {
    const original = readFileSync(corpusFile('faces', 'obama.jpg'));
    const clean = await rate(original);
    // A strong blue-green cast: the skin's hue leaves the vectorscope's skin line.
    const cast = await rate(await sharp(original).linear([0.75, 1.0, 1.3], [0, 10, 25]).jpeg({ quality: 92 }).toBuffer());
    expect(cast.dimension_scores.facial_skin_tone!).toBeLessThan(clean.dimension_scores.facial_skin_tone! - 2);
    const { data, info } = await sharp(original).raw().toBuffer({ resolveWithObject: true });
    let seed = 7;
    const noisy = Buffer.from(data.map((value) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.max(0, Math.min(255, value + ((seed / 2_147_483_648) * 2 - 1) * 40));
    }));
    const grainy = await rate(await sharp(noisy, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 92 }).toBuffer());
    expect(grainy.dimension_scores.skin_quality!).toBeLessThan(clean.dimension_scores.skin_quality! - 1);
  });
});
