import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { DEFAULT_LIMITS, DEFAULT_QUALITY_THRESHOLDS } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { analyzeQuality } from './quality.analyzer.js';

const heic = new HeicDecoder();
afterAll(() => heic.close());

async function quality(bytes: Buffer) {
  const decoded = await decodeImage(bytes, { limits: DEFAULT_LIMITS, workingLongSidePx: 1536, heic });
  return analyzeQuality(decoded, DEFAULT_QUALITY_THRESHOLDS);
}

const photo = (name: string): Buffer => readFileSync(corpusFile('faces', name));

describe('quality analyzer', () => {
  it('flags the 240p photo as low resolution, and says which measure and threshold', async () => {
    const result = await quality(photo('obama-240p.jpg'));
    expect([result.width, result.height]).toEqual([427, 240]);
    expect(result.issues).toContain('low_resolution');
    expect(result.is_acceptable).toBe(false);
    expect(result.checks).toContainEqual(
      expect.objectContaining({ issue: 'low_resolution', measure: 'short_side_px', value: 240, threshold: 480, raised: true }),
    );
  });

  it('does not flag a full-size portrait as low resolution or blurry', async () => {
    const result = await quality(photo('obama3.jpg'));
    expect(result.issues).not.toContain('low_resolution');
    expect(result.issues).not.toContain('blurry');
    expect(result.is_acceptable).toBe(true);
  });

  it.each(['obama3.jpg', 'alex_lacamoire1.jpg', 'obama_and_biden.jpg', 'biden.jpg'])(
    'a blurred copy of %s gets lower sharpness and the blurry issue; the original does not',
    async (name) => {
      const original = photo(name);
      const { width = 1000, height = 1000 } = await sharp(original).metadata();
      // A blur a photographer would call missed focus: radius ~0.4 % of the long side.
      const sigma = Math.max(width, height) / 250;
      const blurred = await sharp(original).blur(sigma).jpeg({ quality: 92 }).toBuffer();
      const sharpResult = await quality(original);
      const blurResult = await quality(blurred);
      expect(blurResult.sharpness).toBeLessThan(sharpResult.sharpness / 3);
      expect(blurResult.issues).toContain('blurry');
      expect(sharpResult.issues).not.toContain('blurry');
    },
  );

  it('keeps a sharp subject in front of a deliberately blurred background sharp', async () => {
    const original = photo('obama3.jpg');
    const { width = 0, height = 0 } = await sharp(original).metadata();
    // Portrait-style shallow depth of field: everything outside the central subject is blurred hard.
    const background = await sharp(original).blur(Math.max(width, height) / 120).toBuffer();
    const subject = { left: Math.round(width * 0.3), top: Math.round(height * 0.15), width: Math.round(width * 0.4), height: Math.round(height * 0.45) };
    const sharpSubject = await sharp(original).extract(subject).toBuffer();
    const bokeh = await sharp(background).composite([{ input: sharpSubject, left: subject.left, top: subject.top }]).jpeg({ quality: 92 }).toBuffer();
    const result = await quality(bokeh);
    expect(result.issues).not.toContain('blurry');
    expect(result.focus!.focus).toBeGreaterThan(DEFAULT_QUALITY_THRESHOLDS.blurryFocus * 1.5);
  });

  it('gives one photo about the same sharpness at full and at half resolution', async () => {
    for (const name of ['obama3.jpg', 'biden.jpg']) {
      const original = photo(name);
      const { width = 0 } = await sharp(original).metadata();
      const half = await sharp(original).resize({ width: Math.round(width / 2) }).jpeg({ quality: 95 }).toBuffer();
      const full = await quality(original);
      const reduced = await quality(half);
      expect(Math.abs(reduced.sharpness - full.sharpness) / full.sharpness, name).toBeLessThan(0.15);
    }
  });

  it('measures exposure inside letterbox bars instead of calling them underexposure', async () => {
    const result = await quality(photo('obama-1080p.jpg'));
    expect(result.borders.letterboxed).toBe(true);
    expect(result.borders.bar_fraction).toBeGreaterThan(0.3);
    expect(result.issues).toContain('letterboxed');
    expect(result.issues).not.toContain('underexposed');
    expect(result.is_acceptable).toBe(true);
  });

  it('flags a washed-out photo as overexposed and a murky one as underexposed', async () => {
    const original = photo('obama.jpg');
    const washedOut = await sharp(original).linear(2.6, 60).jpeg().toBuffer();
    const murky = await sharp(original).linear(0.25, -8).jpeg().toBuffer();
    const bright = await quality(washedOut);
    const dark = await quality(murky);
    expect(bright.issues).toContain('overexposed');
    expect(bright.exposure.clipped_highlights).toBeGreaterThan(0.2);
    expect(dark.issues).toContain('underexposed');
    expect(dark.exposure.mean_luminance).toBeLessThan(0.22);
    expect((await quality(original)).issues).toEqual([]);
  });

  it('does not call a white studio backdrop overexposed, nor a pillarbox, when the subject is exposed well', async () => {
    // An agency "digital": a half-body silhouette on a seamless white backdrop, touching the bottom.
    const silhouette = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1000"><ellipse cx="400" cy="260" rx="170" ry="220"/>' +
        '<ellipse cx="400" cy="1000" rx="400" ry="560"/></svg>',
    );
    const subject = await sharp(photo('obama.jpg'))
      .resize(800, 1000, { fit: 'cover' })
      .ensureAlpha()
      .composite([{ input: silhouette, blend: 'dest-in' }])
      .png()
      .toBuffer();
    const studio = await sharp({ create: { width: 1500, height: 1400, channels: 3, background: '#ffffff' } })
      .composite([{ input: subject, left: 350, top: 400 }])
      .jpeg()
      .toBuffer();
    const result = await quality(studio);
    expect(result.exposure.clipped_highlights).toBeGreaterThan(0.3);
    expect(result.issues).not.toContain('overexposed');
    expect(result.issues).not.toContain('letterboxed');
  });

  it('finds the bars around a small photo enlarged for measuring', async () => {
    const result = await quality(photo('obama-240p.jpg'));
    expect(result.borders.letterboxed).toBe(true);
  });

  it('flags a flat grey frame as low contrast', async () => {
    const flat = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#7a7a7a' } }).jpeg().toBuffer();
    const result = await quality(flat);
    expect(result.issues).toContain('low_contrast');
    expect(result.issues).toContain('blurry');
    expect(result.borders.letterboxed).toBe(false);
  });
});
