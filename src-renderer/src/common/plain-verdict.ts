import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';
import type { DimensionKey, RatingResult } from '../../../src-preload/contract/rating-result.js';

/**
 * Verdicts for people. The rating's own explanation is formulas ("10 × trapezoid(face mean luma…)");
 * a photographer wants a sentence: "Eyes sharp, face well lit; background a little busy". Built only
 * from fields the result holds; what was not measured is not claimed. Pure, so it is tested alone.
 */

export type PlainVerdict = {
  /** One sentence: the good, then the problems. */
  sentence: string;
  /** What is wrong, most serious first (empty when nothing is). */
  problems: string[];
  /** What is good. */
  strengths: string[];
};

/** Problems by the quality issue that raises them, most serious first. */
const ISSUE_SENTENCES: Array<[string, string]> = [
  ['blurry', 'soft: the photo is out of focus or shaken'],
  ['eyes_closed', 'eyes closed'],
  ['overexposed', 'too bright: highlights are blown'],
  ['underexposed', 'too dark'],
  ['low_contrast', 'flat, low contrast'],
  ['low_resolution', 'small: too few pixels to print or crop'],
  ['letterboxed', 'has black bars at the edges'],
];

/** A dimension score (0–10) as words; null when it was not measured. */
function band(scores: RatingResult['dimension_scores'] | undefined, key: DimensionKey): 'good' | 'fair' | 'poor' | null {
  const value = scores?.[key];
  if (value === null || value === undefined) return null;
  return value >= 6.5 ? 'good' : value >= 4 ? 'fair' : 'poor';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plainVerdict(summary: Pick<PhotoSummary, 'issues' | 'faceCount' | 'status'>, result: RatingResult | null): PlainVerdict {
  if (summary.status === 'failed') return { sentence: 'Could not be rated: the file could not be read as a photo.', problems: ['unreadable'], strengths: [] };
  const issues = new Set<string>(result?.quality.issues ?? summary.issues);
  const scores = result?.dimension_scores;
  const faceCount = result?.face_count ?? summary.faceCount;
  const problems: string[] = [];
  const strengths: string[] = [];

  const hasFace = faceCount !== null && faceCount > 0;
  // The face's own sharpness (facial clarity) where it was measured; the whole frame's otherwise.
  const clarity = hasFace ? band(scores, 'facial_clarity') : null;
  const blurry = issues.has('blurry');
  const softFace = hasFace && (blurry || clarity === 'poor');
  if (softFace) problems.push('soft: the face is out of focus');
  else if (clarity === 'fair') problems.push('the face is a little soft');
  for (const [issue, sentence] of ISSUE_SENTENCES) {
    if (issue === 'blurry' && softFace) continue;
    if (issues.has(issue)) problems.push(sentence);
  }

  const eyes = result?.faces?.[0]?.eyes ?? null;
  if (clarity === 'good' && !blurry) strengths.push(eyes && !eyes.closed ? 'eyes sharp and open' : 'face sharp');
  else if (clarity === null && !blurry && !issues.has('low_resolution')) strengths.push('sharp');
  const light = band(scores, hasFace ? 'facial_brightness' : 'lighting');
  if (light === 'good' && !issues.has('overexposed') && !issues.has('underexposed')) strengths.push(hasFace ? 'face well lit' : 'well lit');
  else if (light === 'poor' && !issues.has('overexposed') && !issues.has('underexposed')) problems.push(hasFace ? 'the face is poorly lit' : 'poorly lit');
  const composition = band(scores, 'composition');
  if (composition === 'good') strengths.push('well framed');
  else if (composition === 'poor') problems.push('awkwardly framed');
  const background = band(scores, 'background');
  if (background === 'fair') problems.push('background a little busy');
  else if (background === 'poor') problems.push('background busy');
  if (faceCount !== null && faceCount > 1) strengths.push(`${faceCount} faces`);

  // A photo that fails on focus, eyes or exposure leads with that: it decides the cull.
  const serious = problems.some((problem) => /^(soft|eyes closed|too bright|too dark)/.test(problem));
  let sentence: string;
  if (serious) sentence = `${capitalise(problems.join(', '))}${strengths.length > 0 ? `; ${strengths.join(', ')}` : ''}.`;
  else if (strengths.length > 0 && problems.length > 0) sentence = `${capitalise(strengths.join(', '))}; ${problems.join(', ')}.`;
  else if (problems.length > 0) sentence = `${capitalise(problems.join(', '))}.`;
  else if (strengths.length > 0) sentence = `${capitalise(strengths.join(', '))}; nothing wrong found.`;
  else sentence = 'Nothing wrong found.';
  return { sentence, problems, strengths };
}

/** One reason of the portfolio gate (its `review_reason` joins them with "; "), for people. */
function plainReason(part: string): string {
  const text = part.trim().replace(/\.$/, '');
  if (/borderline/i.test(text)) return 'its score sits on the line between keep and reject';
  // Only the portfolio profile sends a photo to review for this (README, Shoot profiles).
  if (/no face found/i.test(text)) return 'no face was found, and the portfolio profile asks for one (Settings → Shoot profile)';
  const group = /group of (\d+) faces: (\d+) with eyes closed/i.exec(text);
  if (group) return `in this group of ${group[1]}, ${group[2]} ${group[2] === '1' ? 'has' : 'have'} their eyes closed`;
  if (/classifiers disagree/i.test(text)) return 'the two content checks disagree about whether it is safe to show';
  const content = /content is (\w+)/i.exec(text);
  if (content) return content[1] === 'nsfw' ? 'it may be explicit' : 'it may be too revealing to show';
  const quality = /quality issues: (.+)/i.exec(text);
  if (quality) {
    const named = quality[1]!.split(/,\s*/).map((issue) => ISSUE_SENTENCES.find(([code]) => code === issue)?.[1] ?? issue.replaceAll('_', ' '));
    return `it looks ${named.join(' and ')}`.replace('looks soft:', 'looks soft —').replace('looks eyes closed', 'has the eyes closed').replace('looks has', 'has');
  }
  return text;
}

/** "Keep this photo?" — why the review queue asks, in words; the rating's reason is the source. */
export function plainReviewReason(reason: string | null): string {
  if (!reason) return 'The app is not sure about this one.';
  const parts = reason.split(';').map(plainReason).filter((part) => part.length > 0);
  return `${capitalise(parts.join('; '))}.`;
}
