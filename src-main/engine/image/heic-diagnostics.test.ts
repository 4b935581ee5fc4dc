import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { DEFAULT_LIMITS } from '../config.js';
import { EngineError } from '../errors.js';
import { HeicDecoder } from './heic-decoder.js';

/**
 * What libheif prints explains a failure and can change its code (an "Unsupported feature" is
 * unsupported_format, not corrupt_image). That text must be the file's own: queued behind other
 * decodes (the engine rates several photos at once), each file gets the same code and words as alone.
 */
const files = readdirSync(corpusFile('bad-heif'))
  .filter((name) => /\.(heic|heif|avif)$/i.test(name))
  .sort();
const options = { maxPixels: DEFAULT_LIMITS.maxPixels, timeoutMs: DEFAULT_LIMITS.decodeTimeoutMs };

async function outcome(decoder: HeicDecoder, name: string): Promise<string> {
  try {
    const image = await decoder.decode(readFileSync(corpusFile('bad-heif', name)), options);
    return `ok ${image.width}x${image.height}`;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

const decoders: HeicDecoder[] = [];
afterAll(async () => {
  for (const decoder of decoders) await decoder.close();
});

describe('HEIF diagnostics', () => {
  it('each file of corpus/bad-heif gets the same code and explanation three at a time as one at a time', async () => {
    expect(files.length).toBeGreaterThan(100);
    const alone = new HeicDecoder();
    const together = new HeicDecoder();
    decoders.push(alone, together);
    const one: Record<string, string> = {};
    for (const name of files) one[name] = await outcome(alone, name);
    // Three in flight at all times, as the engine's default concurrency has them.
    const three: Record<string, string> = {};
    let next = 0;
    await Promise.all(
      [0, 1, 2].map(async () => {
        while (next < files.length) {
          const name = files[next++]!;
          three[name] = await outcome(together, name);
        }
      }),
    );
    const differing = files.filter((name) => one[name] !== three[name]).map((name) => `${name}\n  alone:    ${one[name]}\n  together: ${three[name]}`);
    expect(differing).toEqual([]);
    // The diagnostics are there at all: some failures are explained by libheif's own words.
    expect(Object.values(one).filter((text) => text.includes('(')).length).toBeGreaterThan(0);
  }, 240_000);
});
