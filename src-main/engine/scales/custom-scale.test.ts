import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { useTestEngine } from '../../../test-support/test-engine.js';

const engine = useTestEngine();
const photo = (): Buffer => readFileSync(corpusFile('faces', 'obama.jpg'));

describe('rating on a scale', () => {
  it('answers the default sfw / nsfw scale offline from the embedded content classifier', async () => {
    const outcome = await engine().rateOnScale(photo());
    expect(outcome).toMatchObject({ ok: true, value: { rating: 'sfw', method: 'embedded_content' } });
    if (!outcome.ok) return;
    expect(outcome.value.levels.map((level) => level.value)).toEqual(['sfw', 'nsfw']);
    expect(outcome.value.levels[0]!.probability + outcome.value.levels[1]!.probability).toBeCloseTo(1, 3);
  });

  it('answers custom levels with model_not_installed while the AI pack is missing', async () => {
    const levels = [
      { value: 'keep', description: 'a sharp, well-lit portrait ready for a portfolio' },
      { value: 'drop', description: 'a blurry or badly lit snapshot' },
    ];
    expect(await engine().rateOnScale(photo(), levels)).toMatchObject({ ok: false, error: { code: 'model_not_installed' } });
  });

  it.each([
    ['one level', [{ value: 'a', description: 'x' }]],
    ['eight levels', Array.from({ length: 8 }, (_, index) => ({ value: `v${index}`, description: 'x' }))],
    ['a value too long', [{ value: 'x'.repeat(25), description: 'x' }, { value: 'b', description: 'y' }]],
    ['an empty description', [{ value: 'a', description: '' }, { value: 'b', description: 'y' }]],
    ['a description too long', [{ value: 'a', description: 'x'.repeat(151) }, { value: 'b', description: 'y' }]],
    ['duplicate values', [{ value: 'a', description: 'x' }, { value: 'a', description: 'y' }]],
    ['not a list', { value: 'a' }],
  ])('refuses %s with validation_error', async (_label, levels) => {
    expect(await engine().rateOnScale(photo(), levels)).toMatchObject({ ok: false, error: { code: 'validation_error' } });
  });

  it('passes decode errors through', async () => {
    expect(await engine().rateOnScale(Buffer.from('not an image'))).toMatchObject({ ok: false, error: { code: 'unsupported_format' } });
  });
});
