import { SHOOT_PROFILE_INFO, type DimensionKey, type QualityIssue, type ShootProfile } from '../../../src-preload/contract/rating-result.js';
import { PRIOR_WEIGHTS, type GateFeatures } from './portfolio-gate.js';

/**
 * Shoot profiles: what a photographer wants judged. The analysis (every measure, every issue) is
 * the same under every profile; a profile only judges it: which findings send a photo to review,
 * how the score's components weigh, how much each issue costs, and the portfolio head's prior.
 * `portfolio` is the built-in judgement (the hosted-compatible default); the others are stated as
 * changes to it, so that a stored result can be re-judged under another profile without decoding.
 */
export type ProfileDefinition = {
  id: ShootProfile;
  label: string;
  /** Multipliers of the built-in weights of the score's components; 1 where not listed, 0 leaves one out. */
  weights: Partial<Record<DimensionKey | 'image_quality', number>>;
  /** Penalty points per issue, replacing the built-in points where listed. */
  penalties: Partial<Record<QualityIssue, number>>;
  /** "no face found" is a reason for review. */
  faceRequired: boolean;
  /** Issues raised only by a face's measures (closed eyes, a soft face) are no reason for review and cost nothing. */
  ignoreFaceIssues: boolean;
  /** In a photo of at least this many faces, any face with closed eyes is a reason for review, counted; null: off. */
  groupEyesFromFaces: number | null;
  /** Changes to the portfolio head's prior weights. */
  gate: Partial<GateFeatures & { bias: number }>;
  /** The rules in words, for `why.profile.rules`, the settings and the README. */
  rules: string[];
};

export const PROFILES: Record<ShootProfile, ProfileDefinition> = {
  portfolio: {
    id: 'portfolio',
    label: SHOOT_PROFILE_INFO.portfolio.label,
    weights: {},
    penalties: {},
    faceRequired: true,
    ignoreFaceIssues: false,
    groupEyesFromFaces: null,
    gate: {},
    rules: [
      'a photo with no face goes to review',
      'closed eyes, a soft face or soft eyes go to review',
      'score: the built-in weights and penalties',
    ],
  },
  wedding: {
    id: 'wedding',
    label: SHOOT_PROFILE_INFO.wedding.label,
    // People's faces carry the shot; a busy venue background is normal at an event.
    weights: { facial_clarity: 1.5, facial_brightness: 1.5, background: 0.5 },
    penalties: { eyes_closed: 30, eyes_not_sharp: 15 },
    // Details (rings, tables, the venue) have no face and are part of the story.
    faceRequired: false,
    ignoreFaceIssues: false,
    groupEyesFromFaces: 2,
    gate: { has_face: 0.4, bias: -3.6 },
    rules: [
      'no face is no reason for review (details and the venue are part of the story)',
      'closed eyes, a soft face or soft eyes go to review; in a group (2 or more faces) the review reason counts the faces with closed eyes',
      'score: face clarity and face brightness weigh ×1.5, background ×0.5; closed eyes cost 30 points in 100, soft eyes 15',
    ],
  },
  landscape: {
    id: 'landscape',
    label: SHOOT_PROFILE_INFO.landscape.label,
    // A face in a landscape is incidental: its measures neither help nor hurt the score.
    weights: { facial_clarity: 0, facial_brightness: 0, image_quality: 1.5 },
    penalties: {},
    faceRequired: false,
    ignoreFaceIssues: true,
    groupEyesFromFaces: null,
    // Without a face expected, "has a face" carries no evidence: its weight moves into the bias.
    gate: { has_face: 0, bias: PRIOR_WEIGHTS.bias + PRIOR_WEIGHTS.has_face },
    rules: [
      'no face is no reason for review',
      'issues measured only on a face (closed eyes, a soft face, soft eyes) are no reason for review and cost nothing',
      'score: the face measures weigh nothing, the whole-photo quality estimate ×1.5',
    ],
  },
};

export function profileDefinition(id: ShootProfile): ProfileDefinition {
  return PROFILES[id];
}
