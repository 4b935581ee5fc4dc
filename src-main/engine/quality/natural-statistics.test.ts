import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { luminance, type RawImage } from '../image/raw-image.js';
import { seededRandom } from '../seeded-random.js';
import { naturalStatistics, NSS_FEATURE_NAMES, NSS_LONG_SIDE_PX } from './natural-statistics.js';

async function statisticsOf(pipeline: Sharp): Promise<Record<string, number>> {
  const { data, info } = await pipeline.resize({ width: NSS_LONG_SIDE_PX, height: NSS_LONG_SIDE_PX, fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const image: RawImage = { data, width: info.width, height: info.height, channels: 3 };
  const values = naturalStatistics(luminance(image), image.data, image.width, image.height)!;
  return Object.fromEntries(NSS_FEATURE_NAMES.map((name, index) => [name, values[index]!]));
}

/** Grain added in 8-bit steps, seeded, so the test is the same every run. */
async function withNoise(file: string, sigma: number): Promise<Sharp> {
  const { data, info } = await sharp(file).resize({ width: NSS_LONG_SIDE_PX, height: NSS_LONG_SIDE_PX, fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const random = seededRandom(7);
  // Box–Muller; 1 − u keeps the logarithm finite.
  const uniform = (): number => 1 - random();
  for (let index = 0; index < data.length; index++) {
    const gaussian = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    data[index] = Math.max(0, Math.min(255, Math.round(data[index]! + sigma * gaussian)));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } });
}

describe('natural-scene statistics', () => {
  it('read a blurred copy as flat and correlated, a grainy copy as busy and uncorrelated', async () => {
    const file = corpusFile('faces', 'obama3.jpg');
    const sharpPhoto = await statisticsOf(sharp(file));
    const blurred = await statisticsOf(sharp(file).resize({ width: NSS_LONG_SIDE_PX, height: NSS_LONG_SIDE_PX, fit: 'inside' }).blur(2.5));
    const noisy = await statisticsOf(await withNoise(file, 12));
    expect(NSS_FEATURE_NAMES).toHaveLength(40);
    // Blur leaves little local contrast once normalised (variance falls, the law turns peaky) and
    // correlates neighbours (their products lean positive: right variance over left rises).
    expect(blurred['mscn_variance_s1']!).toBeLessThan(sharpPhoto['mscn_variance_s1']! * 0.5);
    expect(blurred['mscn_shape_s1']!).toBeLessThan(sharpPhoto['mscn_shape_s1']!);
    expect(blurred['h_right_variance_s1']! / blurred['h_left_variance_s1']!).toBeGreaterThan(sharpPhoto['h_right_variance_s1']! / sharpPhoto['h_left_variance_s1']!);
    // Grain is contrast the picture does not have, uncorrelated between neighbours.
    expect(noisy['mscn_variance_s1']!).toBeGreaterThan(sharpPhoto['mscn_variance_s1']! * 2);
    expect(noisy['h_mean_s1']!).toBeLessThan(sharpPhoto['h_mean_s1']! - 0.05);
  });
});
