import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { addNoise, defocus, enlarge, exposeStops, motionSmear } from '../../../test-support/degrade.js';
import { DEFAULT_LIMITS, DEFAULT_QUALITY_THRESHOLDS } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { analyzeQuality } from './quality.analyzer.js';

const heic = new HeicDecoder();
afterAll(() => heic.close());

async function quality(bytes: Buffer) {
  const decoded = await decodeImage(bytes, { limits: DEFAULT_LIMITS, workingLongSidePx: 1024, heic });
  return analyzeQuality(decoded, DEFAULT_QUALITY_THRESHOLDS);
}

const SAMPLES = [
  ['faces', 'obama3.jpg'],
  ['faces', 'alex_lacamoire1.jpg'],
  ['camera', 'nikon-d90.jpg'],
  ['bursts', 'cockatoo-b-2.jpg'],
] as const;

describe('focus verdicts follow focus, not exposure, contrast or noise', () => {
  it.each(SAMPLES)('%s/%s: two stops darker or brighter, or with sensor noise, keeps its focus and is not blurry', async (folder, name) => {
    const original = readFileSync(corpusFile(folder, name));
    const base = await quality(original);
    expect(base.issues).not.toContain('blurry');
    expect(base.issues).not.toContain('motion_blur');
    for (const [label, copy] of [
      ['−2 stops', await exposeStops(original, -2)],
      ['+2 stops', await exposeStops(original, 2)],
      ['noise σ 12', await addNoise(original, 12)],
    ] as const) {
      const result = await quality(copy);
      expect(result.issues, label).not.toContain('blurry');
      expect(Math.abs(result.focus!.focus - base.focus!.focus) / base.focus!.focus, label).toBeLessThan(0.3);
    }
  });

  it.each(SAMPLES)('%s/%s: missed focus is blurry, also when sensor noise is added on top (noise is not detail)', async (folder, name) => {
    const original = readFileSync(corpusFile(folder, name));
    const missed = await defocus(original);
    const noisyMissed = await addNoise(missed, 12);
    for (const copy of [missed, noisyMissed]) {
      const result = await quality(copy);
      expect(result.issues).toContain('blurry');
      expect(result.checks).toContainEqual(expect.objectContaining({ issue: 'blurry', measure: 'focus', raised: true }));
    }
  });

  it.each(SAMPLES)('%s/%s: camera shake is flagged as motion blur', async (folder, name) => {
    const result = await quality(await motionSmear(readFileSync(corpusFile(folder, name))));
    expect(result.issues).toContain('motion_blur');
    expect(result.focus!.motion_anisotropy).toBeLessThan(DEFAULT_QUALITY_THRESHOLDS.motionAnisotropy);
  });

  it('calls the corpus motion-blurred cockatoo frame blurry, and no camera photo blurry or shaken', async () => {
    expect((await quality(readFileSync(corpusFile('bursts', 'cockatoo-single-motionblur.jpg')))).issues).toContain('blurry');
    for (const name of ['apple-iphone-5.jpg', 'canon-eos-1000d.jpg', 'canon-eos-450d.jpg', 'kodak-pixpro-s1.jpg', 'leica-t-typ701.jpg', 'nikon-d3100.jpg', 'samsung-galaxy-note3.jpg']) {
      const result = await quality(readFileSync(corpusFile('camera', name)));
      expect(result.issues, name).not.toContain('blurry');
      expect(result.issues, name).not.toContain('motion_blur');
    }
  });

  it('reads a 240p photo enlarged to 1920 px as soft: there is no real detail', async () => {
    const enlarged = await enlarge(readFileSync(corpusFile('faces', 'obama-240p.jpg')), 1920);
    const result = await quality(enlarged);
    expect(result.width).toBe(1920);
    expect(result.issues).not.toContain('low_resolution');
    expect(result.issues).toContain('soft_focus');
    expect(result.checks).toContainEqual(expect.objectContaining({ issue: 'soft_focus', measure: 'detail_ratio', raised: true }));
  });

  it('does not call the corpus camera photos or sharp portraits soft for lack of detail', async () => {
    for (const [folder, name] of [...SAMPLES, ['camera', 'leica-t-typ701.jpg'], ['camera', 'canon-eos-450d.jpg'], ['faces', 'obama.jpg']] as const) {
      const result = await quality(readFileSync(corpusFile(folder, name)));
      expect(result.issues, name).not.toContain('soft_focus');
    }
  });

  it('estimates more noise on a noisy copy than on the original', async () => {
    const original = readFileSync(corpusFile('faces', 'obama.jpg'));
    const clean = await quality(original);
    const noisy = await quality(await addNoise(original, 12));
    expect(noisy.focus!.noise).toBeGreaterThan(clean.focus!.noise * 2);
  });
});
