/**
 * From what users did to decisions the model can learn from. Every source speaks in votes from
 * −1 (reject) to +1 (keep); one source has one vote per image (a flood of feedback on one photo is
 * its latest word, not a hundred votes); votes are weighted by source and by how far that source
 * can be trusted; an image's decision is the weighted sum of its votes.
 *
 * First-party sources (the desktop review, marks, stars, the CLI) are the user. API clients are
 * other programs: they start at half weight, their total is capped against the user's own, and a
 * client whose labels disagree with the user's is down-weighted to nothing.
 */
export type FeedbackSignal = {
  imageHash: string;
  source: 'review' | 'api' | 'cli';
  clientId: string | null;
  thumbs: -1 | 1 | null;
  userScore: number | null;
  dimensionFeedback: Record<string, number> | null;
  id: number;
};

export type MarkSignal = { imageHash: string; mark: 'pick' | 'reject' | null; stars: number };

export type Vote = { imageHash: string; sourceKey: string; firstParty: boolean; value: number };

export type SourceReport = { source: string; images: number; weight: number; trust: number; reason: string };

/** Base weight of one vote per source kind. "Reject the rest of a group" never reaches here. */
export const SOURCE_WEIGHTS = { review: 1, mark: 1, stars: 0.6, cli: 0.8, api: 0.5 } as const;
/** All API clients together never weigh more than this share of the user's own decisions. */
export const API_WEIGHT_CAP = 0.5;

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

/** One feedback row's vote: thumbs when given, else the score, else the dimension scores (weaker). */
export function feedbackVote(signal: FeedbackSignal): number | null {
  if (signal.thumbs === 1 || signal.thumbs === -1) return signal.thumbs;
  if (signal.userScore !== null && Number.isFinite(signal.userScore)) {
    // 0–100; 40–60 says nothing either way; the extremes count as much as a thumb, never more.
    const centred = (clamp(signal.userScore, 0, 100) - 50) / 50;
    return Math.abs(centred) < 0.2 ? null : clamp(centred * 1.25, -1, 1);
  }
  const values = Object.values(signal.dimensionFeedback ?? {}).filter((value) => Number.isFinite(value));
  if (values.length === 0) return null;
  const centred = (clamp(values.reduce((sum, value) => sum + value, 0) / values.length, 0, 10) - 5) / 5;
  return Math.abs(centred) < 0.2 ? null : clamp(centred, -1, 1) * 0.5;
}

export function starsVote(stars: number): number | null {
  if (stars >= 4) return stars === 5 ? 0.8 : 0.6;
  if (stars >= 1 && stars <= 2) return stars === 1 ? -0.8 : -0.5;
  return null;
}

/** Every source's vote per image; duplicates of one source on one image merged to its latest. */
export function collectVotes(feedback: readonly FeedbackSignal[], marks: readonly MarkSignal[]): Vote[] {
  const latest = new Map<string, Vote>();
  for (const signal of [...feedback].sort((a, b) => a.id - b.id)) {
    const value = feedbackVote(signal);
    if (value === null) continue;
    const sourceKey = signal.source === 'api' ? `api:${signal.clientId ?? 'unknown'}` : signal.source;
    latest.set(`${signal.imageHash}\u0000${sourceKey}`, { imageHash: signal.imageHash, sourceKey, firstParty: signal.source !== 'api', value });
  }
  // Copies of one image under several paths are one decision: the strongest mark among them.
  for (const mark of marks) {
    if (mark.mark) {
      const value = mark.mark === 'pick' ? 1 : -1;
      const key = `${mark.imageHash}\u0000mark`;
      const known = latest.get(key);
      if (!known || Math.abs(value) > Math.abs(known.value)) latest.set(key, { imageHash: mark.imageHash, sourceKey: 'mark', firstParty: true, value });
    }
    const stars = starsVote(mark.stars);
    if (stars !== null) latest.set(`${mark.imageHash}\u0000stars`, { imageHash: mark.imageHash, sourceKey: 'stars', firstParty: true, value: stars });
  }
  return [...latest.values()];
}

function baseWeight(sourceKey: string): number {
  if (sourceKey.startsWith('api:')) return SOURCE_WEIGHTS.api;
  return SOURCE_WEIGHTS[sourceKey as keyof typeof SOURCE_WEIGHTS] ?? 0;
}

export type Decision = { imageHash: string; label: 0 | 1; weight: number };

/** The user's own decision on each image: first-party votes only (what the golden set is made of). */
export function firstPartyDecisions(votes: readonly Vote[]): Map<string, Decision> {
  return combine(votes.filter((vote) => vote.firstParty), () => 1);
}

/**
 * How far each API client can be trusted: by agreement with the user's own decisions on the
 * images both judged, or (without enough overlap) by `probe`, the golden-set AUC of a model
 * trained on that client's labels alone; else a low default.
 */
export function sourceTrust(
  votes: readonly Vote[],
  userDecisions: ReadonlyMap<string, Decision>,
  probe: (sourceKey: string, decisions: Decision[]) => number | null,
): Map<string, { trust: number; reason: string }> {
  const trust = new Map<string, { trust: number; reason: string }>();
  const bySource = new Map<string, Vote[]>();
  for (const vote of votes) if (!vote.firstParty) bySource.set(vote.sourceKey, [...(bySource.get(vote.sourceKey) ?? []), vote]);
  for (const [sourceKey, sourceVotes] of bySource) {
    const overlap = sourceVotes.filter((vote) => userDecisions.has(vote.imageHash));
    if (overlap.length >= 3) {
      const agree = overlap.filter((vote) => (vote.value > 0 ? 1 : 0) === userDecisions.get(vote.imageHash)!.label).length / overlap.length;
      const value = clamp((agree - 0.6) / 0.3, 0, 1);
      trust.set(sourceKey, { trust: value, reason: `agrees with your own decisions on ${Math.round(agree * 100)} % of ${overlap.length} shared photos` });
      continue;
    }
    const decisions = sourceVotes.map((vote) => ({ imageHash: vote.imageHash, label: (vote.value > 0 ? 1 : 0) as 0 | 1, weight: Math.abs(vote.value) }));
    const probed = sourceVotes.length >= 10 ? probe(sourceKey, decisions) : null;
    if (probed !== null) {
      trust.set(sourceKey, {
        trust: clamp((probed - 0.55) / 0.2, 0, 1),
        reason: `a model of its labels alone ranks your golden-set decisions with AUC ${probed.toFixed(2)}`,
      });
    } else {
      trust.set(sourceKey, { trust: 0.3, reason: 'too few labels to check against your own decisions: low weight' });
    }
  }
  return trust;
}

/** No image weighs more than this in training, however many sources agree on it. */
export const MAX_IMAGE_WEIGHT = 1.5;
/** All API clients together weigh at most this much on one image (one fully trusted client's thumb). */
export const API_IMAGE_CAP = SOURCE_WEIGHTS.api;

/**
 * Weighted votes → one decision per image (the formula the README states):
 *
 *   own = Σ over the user's sources   w(source) · vote
 *   api = Σ over API clients          w(api) · trust(client) · cap · vote, clamped to ±API_IMAGE_CAP
 *   api = 0 when the user voted on the image and the clients disagree with them
 *   label  = keep when own + api > 0, else reject;  weight = min(MAX_IMAGE_WEIGHT, |own + api|)
 *
 * Each source has one vote per image (its latest), each vote is in [−1, 1], so a flood on one
 * photo is one vote; many clients together never outweigh one trusted client on a photo, and never
 * the user's own word; votes that cancel out (|sum| < 0.05) leave no decision.
 */
function combine(votes: readonly Vote[], weightOf: (vote: Vote) => number): Map<string, Decision> {
  const sums = new Map<string, { own: number; api: number }>();
  for (const vote of votes) {
    const weight = baseWeight(vote.sourceKey) * weightOf(vote);
    if (!(weight > 0) || !Number.isFinite(vote.value)) continue;
    const entry = sums.get(vote.imageHash) ?? { own: 0, api: 0 };
    const value = clamp(vote.value, -1, 1);
    if (vote.firstParty) entry.own += weight * value;
    else entry.api += weight * value;
    sums.set(vote.imageHash, entry);
  }
  const decisions = new Map<string, Decision>();
  for (const [imageHash, { own, api }] of sums) {
    let others = clamp(api, -API_IMAGE_CAP, API_IMAGE_CAP);
    if (own !== 0 && Math.sign(others) !== Math.sign(own)) others = 0;
    const sum = own + others;
    if (Math.abs(sum) < 0.05) continue;
    decisions.set(imageHash, { imageHash, label: sum > 0 ? 1 : 0, weight: Math.min(MAX_IMAGE_WEIGHT, Math.abs(sum)) });
  }
  return decisions;
}

/**
 * Training decisions from every source: API votes scaled by their client's trust, and all API
 * weight together capped at `API_WEIGHT_CAP` of the user's own.
 */
export function trainingDecisions(votes: readonly Vote[], trust: ReadonlyMap<string, { trust: number; reason: string }>): { decisions: Map<string, Decision>; sources: SourceReport[] } {
  const firstPartyWeight = votes.filter((vote) => vote.firstParty).reduce((sum, vote) => sum + baseWeight(vote.sourceKey) * Math.abs(vote.value), 0);
  const apiRaw = votes
    .filter((vote) => !vote.firstParty)
    .reduce((sum, vote) => sum + baseWeight(vote.sourceKey) * (trust.get(vote.sourceKey)?.trust ?? 0) * Math.abs(vote.value), 0);
  const cap = apiRaw > 0 ? Math.min(1, (API_WEIGHT_CAP * firstPartyWeight) / apiRaw) : 1;
  const weightOf = (vote: Vote) => (vote.firstParty ? 1 : (trust.get(vote.sourceKey)?.trust ?? 0) * cap);
  const sources = new Map<string, SourceReport>();
  for (const vote of votes) {
    const report = sources.get(vote.sourceKey) ?? {
      source: vote.sourceKey,
      images: 0,
      weight: 0,
      trust: vote.firstParty ? 1 : (trust.get(vote.sourceKey)?.trust ?? 0),
      reason: vote.firstParty ? 'your own decisions' : (trust.get(vote.sourceKey)?.reason ?? 'unchecked'),
    };
    report.images++;
    report.weight += baseWeight(vote.sourceKey) * weightOf(vote) * Math.abs(vote.value);
    sources.set(vote.sourceKey, report);
  }
  if (cap < 1) for (const report of sources.values()) if (report.source.startsWith('api:')) report.reason += `; API clients capped at ${API_WEIGHT_CAP * 100} % of your own weight`;
  return {
    decisions: combine(votes, weightOf),
    sources: [...sources.values()].map((report) => ({ ...report, weight: Math.round(report.weight * 100) / 100, trust: Math.round(report.trust * 100) / 100 })),
  };
}
