import type { ProfileWhy, QualityIssue, QualityResult, RatingClass, RatingResult, ShootProfile } from '../../../src-preload/contract/rating-result.js';
import { PRIOR_WEIGHTS, REVIEW_BAND, portfolioProbability, type GateFeatures } from './portfolio-gate.js';
import { PROFILES, type ProfileDefinition } from './profiles.js';
import { round1, round3 } from './shapes.js';

type Builtin = NonNullable<ProfileWhy['builtin']>;

/** Measures taken on a face (its focus, its eyes, its highlights, the face count). */
const FACE_MEASURE = /^(face|faces|eyes)_/;

/** Issues raised only by a face's measures: a frame-wide check raising the same issue keeps it. */
export function faceOnlyIssues(quality: QualityResult): Set<QualityIssue> {
  const raised = quality.checks.filter((check) => check.raised);
  return new Set(
    quality.issues.filter((issue) => {
      const by = raised.filter((check) => check.issue === issue);
      return by.length > 0 && by.every((check) => FACE_MEASURE.test(check.measure));
    }),
  );
}

/** The built-in (portfolio) judgement of a result: kept in `why.profile.builtin` once another profile judged it. */
function builtinOf(result: RatingResult): Builtin {
  return (
    result.why.profile?.builtin ?? {
      score: result.score,
      rating: result.rating,
      portfolio_prob: result.portfolio_prob,
      needs_review: result.needs_review,
      review_reason: result.review_reason,
      reasons: result.why.needs_review,
      penalties: result.why.score?.penalties ?? [],
    }
  );
}

function profileWhy(profile: ProfileDefinition, builtin?: Builtin): ProfileWhy {
  return { id: profile.id, label: profile.label, rules: profile.rules, weights: profile.weights, ...(builtin ? { builtin } : {}) };
}

function ratingOf(score: number, thresholds: RatingResult['why']['rating'], fallback: RatingClass | null): RatingClass | null {
  if (!thresholds) return fallback;
  return score >= thresholds.high_from ? 'High' : score >= thresholds.medium_from ? 'Medium' : 'Low';
}

/** The penalties under the profile: its own points per issue, face-only issues dropped where it ignores them. */
function profilePenalties(builtin: Builtin, quality: QualityResult, profile: ProfileDefinition): Builtin['penalties'] {
  const faceOnly = profile.ignoreFaceIssues ? faceOnlyIssues(quality) : new Set<QualityIssue>();
  const penalties = builtin.penalties.map((penalty) => ({ issue: penalty.issue, points: profile.penalties[penalty.issue] ?? penalty.points }));
  for (const issue of quality.issues) {
    if (profile.penalties[issue] !== undefined && !penalties.some((penalty) => penalty.issue === issue)) penalties.push({ issue, points: profile.penalties[issue]! });
  }
  return penalties.filter((penalty) => penalty.points > 0 && !faceOnly.has(penalty.issue));
}

/**
 * The embedded score re-weighed: × (weighted mean of the components under the profile's weights /
 * under the built-in ones) × (Π(1 − points/100) under the profile / built-in). Inside an AI-pack
 * blend only the embedded half moves.
 */
function profileScore(result: RatingResult, builtin: Builtin, penalties: Builtin['penalties'], profile: ProfileDefinition): number | null {
  const why = result.why.score;
  if (builtin.score === null || !why) return builtin.score;
  const mean = (multiplier: (dimension: string) => number): number | null => {
    const total = why.components.reduce((sum, part) => sum + part.weight * multiplier(part.dimension), 0);
    return total > 0 ? why.components.reduce((sum, part) => sum + part.value * part.weight * multiplier(part.dimension), 0) / total : null;
  };
  const before = mean(() => 1);
  const after = mean((dimension) => profile.weights[dimension as keyof ProfileDefinition['weights']] ?? 1);
  const meanRatio = before && after !== null ? after / before : 1;
  const factor = (list: Builtin['penalties']): number => list.reduce((product, penalty) => product * (1 - penalty.points / 100), 1);
  const builtinFactor = factor(builtin.penalties);
  const factorRatio = builtinFactor > 0 ? factor(penalties) / builtinFactor : 1;
  const blended = why.level === 'ai_pack';
  const embedded = blended ? (why.embedded_score ?? builtin.score) : builtin.score;
  const moved = embedded * meanRatio * factorRatio - embedded;
  return round1(Math.min(100, Math.max(0, builtin.score + (blended ? moved / 2 : moved))));
}

/** The reasons for review under the profile, from the built-in ones and the result's measures. */
function profileReasons(result: RatingResult, builtin: Builtin, probability: number | null, profile: ProfileDefinition): string[] {
  const faceOnly = profile.ignoreFaceIssues ? faceOnlyIssues(result.quality) : new Set<QualityIssue>();
  const reasons: string[] = [];
  if (probability !== null && probability >= REVIEW_BAND.low && probability <= REVIEW_BAND.high) {
    reasons.push(`portfolio probability ${probability} is in the borderline band ${REVIEW_BAND.low}–${REVIEW_BAND.high}`);
  }
  for (const reason of builtin.reasons) {
    if (reason.startsWith('portfolio probability')) continue;
    if (reason === 'no face found' && !profile.faceRequired) continue;
    if (reason.startsWith('quality issues: ')) {
      const kept = reason.slice('quality issues: '.length).split(', ').filter((issue) => !faceOnly.has(issue as QualityIssue));
      if (kept.length) reasons.push(`quality issues: ${kept.join(', ')}`);
      continue;
    }
    reasons.push(reason);
  }
  const faces = result.faces ?? [];
  if (profile.groupEyesFromFaces !== null && faces.length >= profile.groupEyesFromFaces) {
    const closed = faces.filter((face) => face.eyes?.closed).length;
    if (closed > 0) reasons.push(`group of ${faces.length} faces: ${closed} with eyes closed`);
  }
  return reasons;
}

/**
 * The result judged under `profileId`: score, rating, portfolio_prob, needs_review and
 * review_reason follow the profile; measures, issues and hard rejections stay as analysed.
 * Pure: needs no pixels, so a stored result is re-judged without decoding. Apply before the
 * personal model (which works on the judged result).
 */
export function judgeAs(result: RatingResult, profileId: ShootProfile): RatingResult {
  if (!result.why) return result;
  const profile = PROFILES[profileId];
  const current = result.why.profile?.id ?? 'portfolio';
  if (current === profileId && result.why.profile) return result;
  const builtin = builtinOf(result);
  if (profileId === 'portfolio') {
    return {
      ...result,
      score: builtin.score,
      rating: builtin.rating,
      portfolio_prob: builtin.portfolio_prob,
      needs_review: builtin.needs_review,
      review_reason: builtin.review_reason,
      why: {
        ...result.why,
        score: result.why.score ? { ...result.why.score, penalties: builtin.penalties } : null,
        needs_review: builtin.reasons,
        profile: profileWhy(profile),
      },
    };
  }
  const penalties = profilePenalties(builtin, result.quality, profile);
  const score = profileScore(result, builtin, penalties, profile);
  const features = result.why.portfolio?.features as GateFeatures | undefined;
  const probability =
    features && score !== null
      ? portfolioProbability({ ...features, score: round3(score / 100) }, { ...PRIOR_WEIGHTS, ...profile.gate })
      : builtin.portfolio_prob;
  const reasons = profileReasons(result, builtin, probability, profile);
  const needsReview = result.needs_review === null ? null : result.rejected !== true && reasons.length > 0;
  return {
    ...result,
    score,
    rating: score === null ? result.rating : ratingOf(score, result.why.rating, result.rating),
    portfolio_prob: probability,
    needs_review: needsReview,
    review_reason: needsReview ? `${reasons.join('; ')}.` : null,
    why: {
      ...result.why,
      score: result.why.score ? { ...result.why.score, penalties } : null,
      needs_review: reasons,
      profile: profileWhy(profile, builtin),
    },
  };
}
