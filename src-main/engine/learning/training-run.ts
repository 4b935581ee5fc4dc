import { createHash } from 'node:crypto';
import { extractFeatures, type FeatureVector } from './features.js';
import { predict, trainLogistic, type LogisticModel, type TrainingExample } from './logistic.js';
import { agreement, auc, compareAuc, type Comparison } from './metrics.js';
import { runRanker, type PairwiseRanker, type RankerGroup, type RankerOutcome } from './pairwise.js';
import { collectVotes, firstPartyDecisions, sourceTrust, trainingDecisions, type Decision, type FeedbackSignal, type MarkSignal, type SourceReport } from './signals.js';
import { assignSides, type Side, type SplitAssignment } from './split.js';

/**
 * One training run, pure: what the catalog holds in, the verdict out (nothing is written here; the
 * caller stores the version and the split). Runs on the learning worker thread.
 *
 * 1. Re-check the adopted version on golden decisions that arrived after it was judged; roll it
 *    back when it now does worse than what it replaced.
 * 2. Train a candidate on the training side (every source, weighted and capped).
 * 3. Adopt it only when its golden-set AUC beats the current one's with the bootstrap's lower
 *    bound above zero; otherwise keep it as a rejected candidate with the reason.
 */
export type SnapshotImage = { imageHash: string; perceptualHash: string | null; capturedAt: string | null; result: unknown };

export type ActiveVersion = { version: number; model: LogisticModel; goldenKeys: string[]; baseline: { version: number; model: LogisticModel } | null };

export type LearningSnapshot = {
  feedback: FeedbackSignal[];
  marks: MarkSignal[];
  images: SnapshotImage[];
  kept: Array<[string, Side]>;
  active: ActiveVersion | null;
  /** Fingerprints of versions already trained, so the same decisions are not judged twice. */
  knownFingerprints: Array<{ version: number; fingerprint: string }>;
  /** The library's bursts (image hashes), the pairwise ranker in use, and the rankers' fingerprints. */
  groups?: RankerGroup[];
  ranker?: { version: number; ranker: PairwiseRanker } | null;
  rankerFingerprints?: string[];
};

export type ModelMetrics = {
  golden: { size: number; keeps: number; auc: number | null; agreement: number | null };
  baseline: { version: number | null; auc: number | null; agreement: number | null };
  comparison: Comparison | null;
  training: { decisions: number; keeps: number; weight: number };
  sources: SourceReport[];
  trainMs: number;
};

export type RollbackVerdict = { version: number; reason: string; metrics: { newDecisions: number; comparison: Comparison } };

export type TrainingOutcome = {
  split: SplitAssignment[];
  /** The pairwise ranker within bursts, trained in the same run on the same split. */
  ranker?: RankerOutcome;
  rollback: RollbackVerdict | null;
  counts: { decisions: number; training: number; golden: number };
  candidate:
    | { kind: 'skipped'; reason: string }
    | {
        kind: 'trained';
        adopt: boolean;
        reason: string;
        fingerprint: string;
        baseline: number | null;
        model: LogisticModel;
        metrics: ModelMetrics;
        goldenKeys: string[];
      };
};

export const MIN_TRAINING = 12;
export const MIN_GOLDEN = 8;
/** New golden decisions needed before an adopted version is judged again. */
export const MIN_RECHECK = 8;
const LAMBDA = 2;

const goldenKey = (decision: Decision): string => `${decision.imageHash.slice(0, 16)}:${decision.label}`;
const seedOf = (text: string): number => Number.parseInt(createHash('sha256').update(text).digest('hex').slice(0, 8), 16);
const round3 = (value: number | null): number | null => (value === null ? null : Math.round(value * 1000) / 1000);

/** The built-in gate's probability, what a photo gets without a personal model. */
function builtinProbability(features: FeatureVector): number {
  return features['builtin.portfolio_prob'] ?? 0.5;
}

function bothClasses(decisions: readonly Decision[], least: number): boolean {
  const keeps = decisions.filter((decision) => decision.label === 1).length;
  return keeps >= least && decisions.length - keeps >= least;
}

const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;

/**
 * Better with confidence: the AUC gain's 95 % lower bound is above zero, or the AUC is no worse
 * (lower bound ≥ 0: at least as good in 95 % of resamples) and the agreement gain's lower bound is
 * above zero. (On a small golden set both may rank perfectly in many resamples, which pins the AUC
 * bound at exactly 0 however much better the candidate is; agreement still separates them.)
 */
function better(comparison: Comparison): boolean {
  return comparison.lower > 0 || (comparison.lower >= 0 && (comparison.agreement?.lower ?? 0) > 0);
}

/** Worse with confidence: the mirror image of `better`. */
function worse(comparison: Comparison): boolean {
  return comparison.upper < 0 || (comparison.upper <= 0 && (comparison.agreement?.upper ?? 0) < 0);
}

export function runTraining(snapshot: LearningSnapshot): TrainingOutcome {
  let ranker: RankerOutcome | undefined;
  const outcome = trainPersonalModel(snapshot, (input) => {
    ranker = snapshot.groups?.length
      ? runRanker({
          groups: snapshot.groups,
          decisions: input.userDecisions,
          featuresOf: input.featuresOf,
          resultOf: new Map(snapshot.images.map((image) => [image.imageHash, image.result])),
          current: snapshot.ranker ?? null,
          knownFingerprints: snapshot.rankerFingerprints ?? [],
        })
      : { kind: 'skipped', reason: 'no bursts in the library' };
  });
  return ranker ? { ...outcome, ranker } : outcome;
}

type Prepared = { userDecisions: Map<string, Decision>; featuresOf: ReadonlyMap<string, FeatureVector> };

function trainPersonalModel(snapshot: LearningSnapshot, afterSplit: (prepared: Prepared) => void): TrainingOutcome {
  const started = performance.now();
  const featuresOf = new Map<string, FeatureVector>();
  for (const image of snapshot.images) featuresOf.set(image.imageHash, extractFeatures(image.result));

  const votes = collectVotes(snapshot.feedback, snapshot.marks).filter((vote) => featuresOf.has(vote.imageHash));
  const userDecisions = firstPartyDecisions(votes);
  const decided = new Set(votes.map((vote) => vote.imageHash));
  const { sides, added } = assignSides(
    snapshot.images.filter((image) => decided.has(image.imageHash)).map((image) => ({ ...image, firstParty: userDecisions.has(image.imageHash) })),
    new Map(snapshot.kept),
  );
  afterSplit({ userDecisions, featuresOf });
  const golden = [...userDecisions.values()].filter((decision) => sides.get(decision.imageHash) === 'golden');
  const goldenLabels = golden.map((decision) => decision.label);
  const scoreGolden = (score: (features: FeatureVector) => number) => golden.map((decision) => score(featuresOf.get(decision.imageHash)!));

  // 1. The adopted version, judged again on golden decisions it has not been judged on.
  let rollback: RollbackVerdict | null = null;
  let current = snapshot.active;
  if (current) {
    const seen = new Set(current.goldenKeys);
    const fresh = golden.filter((decision) => !seen.has(goldenKey(decision)));
    if (fresh.length >= MIN_RECHECK && bothClasses(fresh, 2)) {
      const labels = fresh.map((decision) => decision.label);
      const active = current.model;
      const mine = fresh.map((decision) => predict(active, featuresOf.get(decision.imageHash)!));
      const previous = current.baseline;
      const theirs = fresh.map((decision) => (previous ? predict(previous.model, featuresOf.get(decision.imageHash)!) : builtinProbability(featuresOf.get(decision.imageHash)!)));
      const comparison = compareAuc(labels, mine, theirs, seedOf(`recheck:${current.version}:${fresh.map(goldenKey).join()}`));
      if (comparison && worse(comparison)) {
        rollback = {
          version: current.version,
          reason: `on ${fresh.length} newer golden decisions it does worse than ${previous ? `v${previous.version}` : 'the built-in gate'}: AUC ${signed(comparison.delta)} (95 % upper bound ${signed(comparison.upper)}), agreement ${signed(comparison.agreement!.delta)} (upper bound ${signed(comparison.agreement!.upper)})`,
          metrics: { newDecisions: fresh.length, comparison },
        };
        current = previous ? { version: previous.version, model: previous.model, goldenKeys: [], baseline: null } : null;
      }
    }
  }

  // 2. The candidate, trained on the training side only.
  const goldenProbe = (_source: string, decisions: Decision[]): number | null => {
    const examples = decisions.filter((decision) => sides.get(decision.imageHash) === 'train').map((decision) => exampleOf(decision));
    if (examples.length < 10 || !bothClasses(decisions, 3) || !bothClasses(golden, 2)) return null;
    const model = trainLogistic(examples, { lambda: LAMBDA });
    return auc(golden.map((decision) => ({ label: decision.label, score: predict(model, featuresOf.get(decision.imageHash)!) })));
  };
  const exampleOf = (decision: Decision): TrainingExample => ({ features: featuresOf.get(decision.imageHash)!, label: decision.label, weight: decision.weight });
  const trust = sourceTrust(votes, userDecisions, goldenProbe);
  const { decisions, sources } = trainingDecisions(votes, trust);
  const training = [...decisions.values()].filter((decision) => sides.get(decision.imageHash) === 'train').sort((a, b) => (a.imageHash < b.imageHash ? -1 : 1));
  const counts = { decisions: decided.size, training: training.length, golden: golden.length };

  if (training.length < MIN_TRAINING || !bothClasses(training, 3)) {
    return { split: added, rollback, counts, candidate: { kind: 'skipped', reason: `needs ${MIN_TRAINING} training decisions with at least 3 keeps and 3 rejects; has ${training.length}` } };
  }
  if (golden.length < MIN_GOLDEN || !bothClasses(golden, 2)) {
    return { split: added, rollback, counts, candidate: { kind: 'skipped', reason: `needs ${MIN_GOLDEN} golden-set decisions of your own with keeps and rejects; has ${golden.length}` } };
  }
  // What it learns from: every vote (so a new source is a new training set even when its weight is
  // zero), the decisions they make, and the golden set that judges it.
  const fingerprint = createHash('sha256')
    .update(votes.map((vote) => `${vote.imageHash}:${vote.sourceKey}:${vote.value}`).sort().join('\n'))
    .update(training.map((decision) => `${decision.imageHash}:${decision.label}:${decision.weight.toFixed(3)}`).join('\n'))
    .update(`\ngolden:${golden.map(goldenKey).join()}`)
    .digest('hex');
  const known = snapshot.knownFingerprints.find((entry) => entry.fingerprint === fingerprint);
  if (known && !rollback) {
    return { split: added, rollback, counts, candidate: { kind: 'skipped', reason: `nothing new since v${known.version}` } };
  }

  const model = trainLogistic(training.map(exampleOf), { lambda: LAMBDA });
  const candidateScores = scoreGolden((features) => predict(model, features));
  const baseline = current;
  const baselineScores = scoreGolden((features) => (baseline ? predict(baseline.model, features) : builtinProbability(features)));
  const scored = (scores: number[]) => goldenLabels.map((label, i) => ({ label, score: scores[i]! }));
  const comparison = compareAuc(goldenLabels, candidateScores, baselineScores, seedOf(fingerprint));
  const metrics: ModelMetrics = {
    golden: { size: golden.length, keeps: goldenLabels.filter((label) => label === 1).length, auc: round3(auc(scored(candidateScores))), agreement: round3(agreement(scored(candidateScores))) },
    baseline: { version: baseline?.version ?? null, auc: round3(auc(scored(baselineScores))), agreement: round3(agreement(scored(baselineScores))) },
    comparison: comparison && {
      delta: round3(comparison.delta)!,
      lower: round3(comparison.lower)!,
      upper: round3(comparison.upper)!,
      resamples: comparison.resamples,
      agreement: comparison.agreement && { delta: round3(comparison.agreement.delta)!, lower: round3(comparison.agreement.lower)!, upper: round3(comparison.agreement.upper)! },
    },
    training: {
      decisions: training.length,
      keeps: training.filter((decision) => decision.label === 1).length,
      weight: Math.round(training.reduce((sum, decision) => sum + decision.weight, 0) * 100) / 100,
    },
    sources,
    trainMs: Math.round(performance.now() - started),
  };
  const against = baseline ? `v${baseline.version}` : 'the built-in gate';
  const adopt = comparison !== null && better(comparison);
  const gains = comparison
    ? `AUC ${metrics.golden.auc} vs ${against}'s ${metrics.baseline.auc} (${signed(comparison.delta)}, 95 % lower bound ${signed(comparison.lower)}); agreement ${metrics.golden.agreement} vs ${metrics.baseline.agreement} (${signed(comparison.agreement!.delta)}, lower bound ${signed(comparison.agreement!.lower)})`
    : '';
  const reason = !comparison
    ? 'the golden set cannot rank these two (too few keeps or rejects)'
    : adopt
      ? `beats ${against} on the golden set: ${gains}`
      : `does not beat ${against} on the golden set with confidence: ${gains}`;
  return {
    split: added,
    rollback,
    counts,
    candidate: { kind: 'trained', adopt, reason, fingerprint, baseline: baseline?.version ?? null, model, metrics, goldenKeys: golden.map(goldenKey) },
  };
}
