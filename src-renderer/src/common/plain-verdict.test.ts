import { describe, expect, it } from 'vitest';
import { plainReviewReason, plainVerdict } from './plain-verdict.ts';

const photo = (issues: string[], faceCount: number | null) => ({ issues, faceCount, status: 'rated' as const });

describe('plain verdict', () => {
  it('says a blurry portrait is soft because the face is out of focus', () => {
    const verdict = plainVerdict(photo(['blurry'], 1), null);
    expect(verdict.sentence).toBe('Soft: the face is out of focus.');
  });

  it('praises what was measured good and names the weak background', () => {
    const scores = { facial_clarity: 8, facial_brightness: 8, composition: 5, background: 5 } as never;
    const result = { quality: { issues: [] }, dimension_scores: scores, face_count: 1, faces: [{ eyes: { left: 0.3, right: 0.3, closed: false } }] } as never;
    expect(plainVerdict(photo([], 1), result).sentence).toBe('Eyes sharp and open, face well lit; background a little busy.');
    const soft = { facial_clarity: 2, facial_brightness: 8 } as never;
    expect(plainVerdict(photo([], 1), { ...(result as object), dimension_scores: soft } as never).sentence).toBe('Soft: the face is out of focus; face well lit.');
  });

  it('claims nothing it did not measure', () => {
    expect(plainVerdict(photo([], null), null).sentence).toBe('Sharp; nothing wrong found.');
    expect(plainVerdict({ issues: [], faceCount: null, status: 'failed' }, null).sentence).toMatch(/Could not be rated/);
  });

  it('turns the gate reasons into words', () => {
    expect(plainReviewReason('portfolio probability 0.52 is in the borderline band 0.4–0.6; no face found.')).toBe(
      'Its score sits on the line between keep and reject; no face was found, and the portfolio profile asks for one (Settings → Shoot profile).',
    );
    expect(plainReviewReason('group of 6 faces: 2 with eyes closed.')).toBe('In this group of 6, 2 have their eyes closed.');
    expect(plainReviewReason('quality issues: blurry.')).toBe('It looks soft — the photo is out of focus or shaken.');
    expect(plainReviewReason(null)).toBe('The app is not sure about this one.');
  });
});
