import type { ContentRating } from '../../../src-preload/contract/rating-result.js';

/**
 * A content alarm needs a person. nsfwjs reads skin-like textures and shapes: on the corpus it
 * called a white cockatoo 87 % explicit and a flower revealing. A level other than `safe` stands
 * only when a person detector agrees there is someone in the picture; today that is the face
 * detector (its detections confirmed by the face mesh), the one person detector the embedded level
 * ships. Without any person detector the classifier's level stands unchanged, said in the detail.
 */
export type PersonEvidence = {
  /** Faces found; null when no face detector ran. */
  faces: number | null;
};

export function requirePerson(content: ContentRating, evidence: PersonEvidence): ContentRating {
  if (content.level === null) return content;
  if (evidence.faces === null) {
    return { ...content, detail: `${content.detail} No person detector ran, so the level is the classifier's alone.` };
  }
  if (evidence.faces > 0) {
    return { ...content, detail: `${content.detail} A person is in the picture (${evidence.faces} face${evidence.faces === 1 ? '' : 's'} found).` };
  }
  if (content.level === 'safe') return { ...content, detail: `${content.detail} No person detected (no face found).` };
  return {
    ...content,
    level: 'safe',
    safe_for_portfolio: true,
    detail: `${content.detail.replace(/:[^:]*\.$/, '.')} No person detected (no face found), so that is not taken as evidence: the level is safe.`,
    reason: { measure: 'person_faces', value: 0, threshold: 1 },
  };
}
