import { describe, expect, it } from 'vitest';
import type { ContentRating, SourceInfo } from '../../../src-preload/contract/rating-result.js';
import { qualityResult } from '../../../test-support/quality-result.js';
import { portfolioGate, portfolioProbability, PRIOR_WEIGHTS } from './portfolio-gate.js';
import { provenance } from './provenance.js';
import { ramp, tent } from './shapes.js';
import { ratingClass, technicalScore } from './technical-score.js';

const quality = qualityResult;
const safe: ContentRating = { level: 'safe', detail: '', safe_for_portfolio: true, content_rating_conflict: null };
const source = (overrides: Partial<SourceInfo> = {}): SourceInfo => ({
  format: 'jpeg',
  file_size: 1,
  metadata_read: true,
  has_exif: false,
  camera_make: null,
  camera_model: null,
  software: null,
  captured_at: null,
  orientation: 1,
  pages: 1,
  ...overrides,
});

describe('shapes', () => {
  it('ramp and tent are linear and clamped', () => {
    expect(ramp(5, 0, 10)).toBe(0.5);
    expect(ramp(20, 0, 10)).toBe(1);
    expect(ramp(5, 10, 0)).toBe(0.5);
    expect(tent(0.5, 0, 0.4, 0.6, 1)).toBe(1);
    expect(tent(0.2, 0, 0.4, 0.6, 1)).toBeCloseTo(0.5, 9);
  });
});

describe('technical score', () => {
  it('is the weighted mean over measured dimensions ×10, each issue taking its share, without ties at 0', () => {
    const dims = { professional_quality: { value: 8, formula: '', measures: {} }, lighting: { value: 6, formula: '', measures: {} } };
    const clean = technicalScore(dims, []);
    expect(clean.score).toBeCloseTo((10 * (8 * 0.35 + 6 * 0.2)) / 0.55, 1);
    const blurred = technicalScore(dims, ['blurry']);
    expect(blurred.score).toBeCloseTo(clean.score * 0.8, 1);
    expect(blurred.penalties).toEqual([{ issue: 'blurry', points: 20 }]);
    const worse = technicalScore({ lighting: { value: 1, formula: '', measures: {} } }, ['blurry', 'low_resolution', 'eyes_closed', 'underexposed']);
    const worst = technicalScore({ lighting: { value: 0.5, formula: '', measures: {} } }, ['blurry', 'low_resolution', 'eyes_closed', 'underexposed']);
    expect(worse.score).toBeGreaterThan(worst.score);
    expect(worst.score).toBeGreaterThan(0);
  });

  it('weighs in the whole-photo quality estimate', () => {
    const dims = { lighting: { value: 6, formula: '', measures: {} } };
    expect(technicalScore(dims, [], 0.8).score).toBeGreaterThan(technicalScore(dims, [], 0.4).score);
    expect(technicalScore(dims, [], 0.8).components[0]).toMatchObject({ dimension: 'image_quality', weight: 2 });
  });

  it('beside the whole-photo estimate, orders photos without faces by the estimate: professional quality and lighting judge the same faults and weigh nothing', () => {
    const dims = (professional: number, lighting: number) => ({ professional_quality: { value: professional, formula: '', measures: {} }, lighting: { value: lighting, formula: '', measures: {} } });
    const better = technicalScore(dims(1, 2), [], 0.62);
    const worse = technicalScore(dims(10, 10), [], 0.6);
    expect(better.score).toBeGreaterThan(worse.score);
    expect(better.components.map((component) => component.dimension)).toEqual(['image_quality']);
    // The faces' dimensions, which the estimate cannot see, still weigh: a soft face lowers the score.
    const face = (clarity: number) => ({ ...dims(8, 8), facial_clarity: { value: clarity, formula: '', measures: {} } });
    expect(technicalScore(face(9), [], 0.6).score - technicalScore(face(1), [], 0.6).score).toBeGreaterThan(4);
  });

  it('classes scores: High from 70, Medium from 40', () => {
    expect([ratingClass(70), ratingClass(69.9), ratingClass(40), ratingClass(39.9)]).toEqual(['High', 'Medium', 'Medium', 'Low']);
  });
});

describe('portfolio gate', () => {
  it('starts from the documented prior: a strong photo is likely, a weak one unlikely', () => {
    const strong = portfolioProbability({ score: 0.8, acceptable: 1, has_face: 1, content_safe: 1, resolution: 1 });
    const weak = portfolioProbability({ score: 0.3, acceptable: 0, has_face: 1, content_safe: 1, resolution: 0.2 });
    expect(strong).toBeGreaterThan(0.85);
    expect(weak).toBeLessThan(0.35);
    expect(PRIOR_WEIGHTS.bias).toBe(-4);
  });

  it('rejects only what no one can use, and sends doubtful photos to review with the reason', () => {
    expect(portfolioGate(80, quality({ width: 300, height: 200, megapixels: 0.06 }), 1, safe).rejected).toBe(true);
    const smallSoft = portfolioGate(30, quality({ width: 424, height: 394, megapixels: 0.17, sharpness: 4, issues: ['low_resolution', 'blurry'], is_acceptable: false }), 1, safe);
    expect(smallSoft.rejected).toBe(false);
    expect(smallSoft.needs_review).toBe(true);
    expect(smallSoft.review_reason).toContain('low_resolution');
    const noFace = portfolioGate(80, quality(), 0, safe);
    expect(noFace.needs_review).toBe(true);
    expect(noFace.review_reason).toContain('no face');
    const suggestive = portfolioGate(80, quality(), 1, { ...safe, level: 'suggestive', safe_for_portfolio: false });
    expect(suggestive.review_reason).toContain('suggestive');
    const fine = portfolioGate(85, quality(), 1, safe);
    expect([fine.rejected, fine.needs_review, fine.review_reason]).toEqual([false, false, null]);
  });
});

describe('is_original', () => {
  it('is true on camera EXIF, false on copy evidence, null with a reason when evidence is thin', () => {
    const camera = provenance(source({ has_exif: true, camera_make: 'Canon', camera_model: 'EOS R5', captured_at: '2026-05-01T10:00:00' }), quality());
    expect(camera.is_original).toBe(true);
    expect(provenance(source(), quality({ borders: { letterboxed: true, bar_fraction: 0.4 } })).is_original).toBe(false);
    expect(provenance(source({ software: 'Snipping Tool' }), quality()).is_original).toBe(false);
    const screen = provenance(source(), quality({ width: 1170, height: 2532 }));
    expect(screen).toMatchObject({ is_original: false, evidence: [expect.stringContaining('screen size')] });
    const thin = provenance(source(), quality());
    expect(thin.is_original).toBeNull();
    expect(thin.evidence[0]).toMatch(/^thin evidence/);
  });
});
