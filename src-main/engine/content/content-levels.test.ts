import { describe, expect, it } from 'vitest';
import { contentVerdict, type NsfwProbabilities } from './content-levels.js';

const probabilities = (values: Partial<NsfwProbabilities>): NsfwProbabilities => ({
  drawing: 0,
  hentai: 0,
  neutral: 0,
  porn: 0,
  sexy: 0,
  ...values,
});

describe('content levels', () => {
  it.each([
    [{ neutral: 0.97, sexy: 0.02, drawing: 0.01 }, 'safe', true],
    [{ neutral: 0.7, sexy: 0.25, porn: 0.05 }, 'safe', true],
    [{ neutral: 0.5, sexy: 0.45, porn: 0.05 }, 'revealing', true],
    [{ neutral: 0.8, porn: 0.1, hentai: 0.05, sexy: 0.05 }, 'revealing', true],
    [{ sexy: 0.7, neutral: 0.25, porn: 0.05 }, 'suggestive', false],
    [{ porn: 0.35, sexy: 0.3, neutral: 0.35 }, 'suggestive', false],
    [{ porn: 0.65, sexy: 0.3, neutral: 0.05 }, 'nsfw', false],
    [{ hentai: 0.7, drawing: 0.3 }, 'nsfw', false],
  ] as const)('%o → %s', (values, level, safe) => {
    const verdict = contentVerdict(probabilities(values));
    expect(verdict.level).toBe(level);
    expect(verdict.safe_for_portfolio).toBe(safe);
    expect(verdict.detail).toMatch(/^[A-Z].*\.$/);
  });

  it('states what was measured, and does not guess what the picture is', () => {
    const detail = contentVerdict(probabilities({ drawing: 0.51, neutral: 0.49 })).detail;
    expect(detail).toMatch(/0 % explicit/);
    expect(detail).not.toMatch(/drawing|illustration/);
  });

  it('names the measure and threshold that decided', () => {
    expect(contentVerdict(probabilities({ sexy: 0.7, neutral: 0.3 })).reason).toEqual({ measure: 'sexy', value: 0.7, threshold: 0.65 });
  });
});
