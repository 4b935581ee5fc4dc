import type { ContentRating } from '../../../src-preload/contract/rating-result.js';

/**
 * A content alarm needs a person. nsfwjs reads skin-like textures and shapes: on the corpus it
 * called a white cockatoo 87 % explicit and a flower revealing. A level other than `safe` stands
 * only when a person detector agrees there is someone in the picture: the face detector (its
 * detections confirmed by the face mesh), or the body analyzer (person segmentation and body pose
 * agreeing, see body/body.analyzer.ts), which also finds people whose face is too small or turned
 * away. Without any person detector the classifier's level stands unchanged, said in the detail.
 */
export type PersonEvidence = {
  /** Faces found; null when no face detector ran. */
  faces: number | null;
  /** The body analyzer's verdict; null or absent when it did not run. */
  body?: { person: boolean; evidence: string } | null;
  /** Object detection's people (NanoDet, score ≥ 0.62); null or absent when it did not run. */
  objects?: { people: unknown[]; evidence: string } | null;
};

function witnesses(evidence: PersonEvidence): string {
  const faces = evidence.faces;
  const parts = [
    ...(faces !== null && faces > 0 ? [`${faces} face${faces === 1 ? '' : 's'} found`] : []),
    ...(evidence.body?.person ? ['segmentation and body pose agree'] : []),
    ...(evidence.objects?.people.length ? [evidence.objects.evidence] : []),
  ];
  return parts.join('; ');
}

/**
 * A person detector ran and none found anyone: requirePerson then makes any level safe, so the
 * classifier's probabilities cannot change the level (content.analyzer.ts skips its extra views).
 */
export function noPersonFound(evidence: PersonEvidence): boolean {
  const body = evidence.body ?? null;
  const objects = evidence.objects ?? null;
  if (evidence.faces === null && body === null && objects === null) return false;
  return !((evidence.faces ?? 0) > 0 || body?.person || (objects?.people.length ?? 0) > 0);
}

export function requirePerson(content: ContentRating, evidence: PersonEvidence): ContentRating {
  if (content.level === null) return content;
  const body = evidence.body ?? null;
  const objects = evidence.objects ?? null;
  if (evidence.faces === null && body === null && objects === null) {
    return { ...content, detail: `${content.detail} No person detector ran, so the level is the classifier's alone.` };
  }
  if (!noPersonFound(evidence)) {
    return { ...content, detail: `${content.detail} A person is in the picture (${witnesses(evidence)}).` };
  }
  const measured = [...(evidence.faces === null ? [] : ['no face found']), ...(body ? [body.evidence] : []), ...(objects ? [objects.evidence] : [])].join(', ');
  if (content.level === 'safe') return { ...content, detail: `${content.detail} No person detected (${measured}).` };
  return {
    ...content,
    level: 'safe',
    safe_for_portfolio: true,
    detail: `${content.detail.replace(/:[^:]*\.$/, '.')} No person detected (${measured}), so that is not taken as evidence: the level is safe.`,
    reason: body || objects ? { measure: 'person_witnesses', value: 0, threshold: 1 } : { measure: 'person_faces', value: 0, threshold: 1 },
  };
}
