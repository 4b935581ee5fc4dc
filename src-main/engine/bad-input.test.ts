import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpus.js';
import { useTestEngine } from '../../test-support/test-engine.js';
import { ENGINE_ERROR_CODES } from './errors.js';

/**
 * Every broken file of the corpus must get a typed error (or, where a decoder can salvage a valid
 * image, a result) quickly, without crashing or hanging the process.
 */
const PER_FILE_BUDGET_MS = 5_000;
const engine = useTestEngine();
// The budget is for a running engine: its analysis threads, models and each thread's HEIC decoder
// start with the first photos (two HEICs at once reach both analysis threads).
beforeAll(async () => {
  await engine().rateFiles([corpusFile('heif', 'example.heic'), corpusFile('bad-heif', 'uncompressed_row_RGB.heic'), corpusFile('faces', 'obama.jpg')], () => {});
}, 120_000);

const typedCodes = ENGINE_ERROR_CODES.filter((code) => code !== 'internal_error');

describe.each(['bad', 'bad-heif'])('corpus/%s', (subfolder) => {
  const files = readdirSync(corpusFile(subfolder)).sort();

  it.each(files)('%s gets a typed error or a real result, in time', async (name) => {
    const startedAt = performance.now();
    const rating = await engine().rateFile(corpusFile(subfolder, name));
    const elapsed = performance.now() - startedAt;
    expect(elapsed).toBeLessThan(PER_FILE_BUDGET_MS);
    if (rating.ok) {
      expect(rating.result.quality.width).toBeGreaterThan(0);
      expect(rating.result.quality.height).toBeGreaterThan(0);
    } else {
      expect(typedCodes).toContain(rating.error.code);
      expect(rating.error.message.length).toBeGreaterThan(5);
    }
  });
});

describe('known broken files', () => {
  it.each([
    ['truncated_jpeg.jpg', 'corrupt_image'],
    ['truncated_image.png', 'corrupt_image'],
    ['broken.png', 'corrupt_image'],
    ['decompression_bomb.gif', 'corrupt_image'],
    ['oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif', 'unsupported_format'],
  ])('%s → %s', async (name, code) => {
    expect(await engine().rateFile(corpusFile('bad', name))).toMatchObject({ ok: false, error: { code } });
  });

  it('salvages JPEGs whose only fault is stray bytes between markers', async () => {
    expect(await engine().rateFile(corpusFile('bad', 'hopper_bad_exif.jpg'))).toMatchObject({ ok: true, result: { quality: { width: 500 } } });
  });

  it('still rates good photos after all the broken ones', async () => {
    expect(await engine().rateFile(corpusFile('heif', 'example.heic'))).toMatchObject({ ok: true });
    expect(await engine().rateFile(corpusFile('faces', 'obama.jpg'))).toMatchObject({ ok: true });
  });
});
