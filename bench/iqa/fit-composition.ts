/**
 * Which parts of the embedded score (src-main/engine/scoring/technical-score.ts) agree with
 * people, and the composition chosen by cross-validation in the BIQ2021 fitting half: each
 * photo's score made from its OUT-OF-FOLD whole-photo estimate q (bench/iqa/fit-score.ts
 * --out-of-fold), so that q is never judged on a photo it was fitted on. The score of a photo
 * without faces (as iqa-agreement.test.ts scores it) is
 *
 *   10 × (w_q·Q + w_pq·professional_quality + w_l·lighting) / (w_q + w_pq + w_l) × Π(1 − points/100)
 *
 * with Q = 10·σ((q − 0.5)/0.15); only the ratios matter for the order, so w_q stays fixed.
 * Families of candidates, each chosen by its SRCC over the fitting half and judged by nested
 * 5-fold cross-validation (chosen on four folds, scored on the fifth; the pooled SRCC of the
 * fifth folds' scores):
 *   - the dimensions' weights (non-negative, a grid);
 *   - one scale of every frame-wide issue's penalty, with the weights;
 *   - each frame-wide issue's penalty on its own (coordinate search), with the weights.
 * low_resolution is raised on every photo of the sample (all 512 px): this sample cannot judge it.
 *
 *   node --import tsx bench/iqa/fit-score.ts <features.jsonl>… --out-of-fold=/tmp/oof.jsonl
 *   node --import tsx bench/iqa/fit-composition.ts <features.jsonl>… --out-of-fold=/tmp/oof.jsonl [--held-out]
 *
 * --held-out adds the held-out half's SRCC of the score as the engine computes it now
 * (technicalScore, the shipped estimate): one look at the held-out half per run.
 */
import { readFileSync } from 'node:fs';
import type { QualityIssue } from '../../src-preload/contract/rating-result.js';
import { embeddedDimensions } from '../../src-main/engine/scoring/embedded-dimensions.js';
import { predictImageQuality } from '../../src-main/engine/scoring/image-quality.js';
import { IMAGE_QUALITY_CENTRE, IMAGE_QUALITY_SCALE, IMAGE_QUALITY_WEIGHT, ISSUE_PENALTIES, SCORE_WEIGHTS, SCORE_WEIGHTS_BESIDE_ESTIMATE, technicalScore } from '../../src-main/engine/scoring/technical-score.js';
import { round1 } from '../../src-main/engine/scoring/shapes.js';
import { inFitHalf, readFeatureRows, spearman, type FeatureRow } from './iqa-split.js';
import { percentileRanks } from './ridge.js';

type Photo = { file: string; mos: number; q: number; professional: number; lighting: number; issues: QualityIssue[]; parts: Record<string, number> };
type Composition = { professional: number; lighting: number; penalties: Partial<Record<QualityIssue, number>> };

const FOLDS = 5;
const WEIGHT_GRID = [0, 0.025, 0.05, 0.1, 0.15, 0.2, 0.35, 0.5];
const PENALTY_SCALES = [0, 0.25, 0.5, 0.75, 1, 1.5];
const PENALTY_POINTS = [0, 5, 10, 15, 20, 30];
/** Issues a frame raises on its own (not from a face); low_resolution is on every photo of the sample. */
const FRAME_ISSUES: QualityIssue[] = ['blurry', 'motion_blur', 'soft_focus', 'overexposed', 'underexposed'];

const inputs = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const outOfFoldFile = process.argv.find((argument) => argument.startsWith('--out-of-fold='))?.slice('--out-of-fold='.length);
const lookAtHeldOut = process.argv.includes('--held-out');
if (inputs.length === 0 || !outOfFoldFile) throw new Error('usage: fit-composition.ts <features.jsonl>… --out-of-fold=<file> [--held-out]');

const { byFile, rows } = readFeatureRows(inputs);
const outOfFold = new Map<string, number>();
for (const line of readFileSync(outOfFoldFile, 'utf8').trim().split('\n')) {
  const entry = JSON.parse(line) as { file: string; image_quality: number };
  outOfFold.set(entry.file, entry.image_quality);
}

function photo(row: FeatureRow, q: number): Photo {
  const dims = embeddedDimensions({ quality: row.quality, faces: null, face: null, background: null });
  const measures = dims.professional_quality!.measures;
  return {
    file: row.file,
    mos: row.mos,
    q,
    professional: dims.professional_quality!.value,
    lighting: dims.lighting!.value,
    issues: row.quality.issues,
    parts: {
      focus: row.quality.focus?.focus ?? 0,
      exposure_clean: measures.exposure_clean ?? 0,
      unframed: measures.unframed ?? 0,
      clipped_highlights: -row.quality.exposure.clipped_highlights,
      clipped_shadows: -row.quality.exposure.clipped_shadows,
      midtone_distance: -Math.abs(row.quality.exposure.midtone_mean - 0.5),
      contrast: row.quality.exposure.contrast,
    },
  };
}

const fit = rows.filter((row) => inFitHalf(row.file)).map((row) => {
  const q = outOfFold.get(row.file);
  if (q === undefined) throw new Error(`no out-of-fold estimate for ${row.file}: rerun fit-score.ts --out-of-fold on the same features`);
  return photo(row, q);
});

const PENALTIES: Composition['penalties'] = Object.fromEntries(FRAME_ISSUES.map((issue) => [issue, ISSUE_PENALTIES[issue] ?? 0]));
/** What the engine computes now. */
const NOW: Composition = { professional: SCORE_WEIGHTS_BESIDE_ESTIMATE.professional_quality ?? 0, lighting: SCORE_WEIGHTS_BESIDE_ESTIMATE.lighting ?? 0, penalties: PENALTIES };
/** The sixth session's composition: the two dimensions at their weights without the estimate (0.35, 0.2) beside it. */
const SESSION_SIX: Composition = { professional: SCORE_WEIGHTS.professional_quality!, lighting: SCORE_WEIGHTS.lighting!, penalties: PENALTIES };

function score(photo: Photo, composition: Composition): number {
  const Q = Math.round((10 / (1 + Math.exp(-(photo.q - IMAGE_QUALITY_CENTRE) / IMAGE_QUALITY_SCALE))) * 1000) / 1000;
  const total = IMAGE_QUALITY_WEIGHT + composition.professional + composition.lighting;
  const mean = (IMAGE_QUALITY_WEIGHT * Q + composition.professional * photo.professional + composition.lighting * photo.lighting) / total;
  // low_resolution takes the same share of every photo here: it changes no order, only ties at rounding.
  const factor = photo.issues.reduce((product, issue) => product * (1 - (issue === 'low_resolution' ? (ISSUE_PENALTIES.low_resolution ?? 0) : (composition.penalties[issue] ?? 0)) / 100), 1);
  return round1(10 * mean * factor);
}

// The formula above is technicalScore's for these photos: checked, so that what is chosen here is what ships.
for (const p of fit) {
  const row = byFile.get(p.file)!;
  const engine = technicalScore(embeddedDimensions({ quality: row.quality, faces: null, face: null, background: null }), row.quality.issues, p.q).score;
  if (engine !== score(p, NOW)) throw new Error(`the bench's formula (${score(p, NOW)}) differs from technicalScore (${engine}) on ${p.file}`);
}

const srcc = (photos: Photo[], value: (photo: Photo) => number): number => spearman(photos.map(value), photos.map((photo) => photo.mos));
const r3 = (value: number): number => Math.round(value * 1000) / 1000;

/** Each family: all its candidates; the best on a set of photos is the one with the highest SRCC there. */
function weightGrid(penalties: Composition['penalties']): Composition[] {
  return WEIGHT_GRID.flatMap((professional) => WEIGHT_GRID.map((lighting) => ({ professional, lighting, penalties })));
}
const scaled = (scale: number): Composition['penalties'] => Object.fromEntries(FRAME_ISSUES.map((issue) => [issue, (NOW.penalties[issue] ?? 0) * scale]));

function best(photos: Photo[], candidates: Composition[]): { composition: Composition; srcc: number } {
  let found = { composition: candidates[0]!, srcc: -Infinity };
  for (const composition of candidates) {
    const value = srcc(photos, (photo) => score(photo, composition));
    if (value > found.srcc + 1e-12) found = { composition, srcc: value };
  }
  return found;
}

/** Per-issue points by coordinate search from the built-in points, the weights re-chosen after each pass. */
function coordinate(photos: Photo[]): { composition: Composition; srcc: number } {
  let current = best(photos, weightGrid(NOW.penalties));
  for (let pass = 0; pass < 3; pass++) {
    for (const issue of FRAME_ISSUES) {
      current = best(
        photos,
        PENALTY_POINTS.map((points) => ({ ...current.composition, penalties: { ...current.composition.penalties, [issue]: points } })),
      );
    }
    current = best(photos, weightGrid(current.composition.penalties));
  }
  return current;
}

const families: Record<string, (photos: Photo[]) => { composition: Composition; srcc: number }> = {
  session_six: () => ({ composition: SESSION_SIX, srcc: NaN }),
  now: () => ({ composition: NOW, srcc: NaN }),
  weights: (photos) => best(photos, weightGrid(NOW.penalties)),
  weights_and_penalty_scale: (photos) => best(photos, PENALTY_SCALES.flatMap((scale) => weightGrid(scaled(scale)))),
  weights_and_each_penalty: coordinate,
};

/** Nested cross-validation: chosen on four folds, scored on the fifth; the SRCC of the pooled fifth-fold scores and the mean per fold. */
function nested(choose: (photos: Photo[]) => { composition: Composition }): { pooled: number; mean_per_fold: number } {
  const scores = new Array<number>(fit.length);
  const perFold: number[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = fit.filter((_, i) => i % FOLDS !== fold);
    const test = fit.filter((_, i) => i % FOLDS === fold);
    const { composition } = choose(train);
    fit.forEach((photo, i) => {
      if (i % FOLDS === fold) scores[i] = score(photo, composition);
    });
    perFold.push(srcc(test, (photo) => score(photo, composition)));
  }
  return { pooled: r3(spearman(scores, fit.map((photo) => photo.mos))), mean_per_fold: r3(perFold.reduce((a, b) => a + b, 0) / FOLDS) };
}

const parts = {
  q_out_of_fold: r3(srcc(fit, (photo) => photo.q)),
  professional_quality: r3(srcc(fit, (photo) => photo.professional)),
  lighting: r3(srcc(fit, (photo) => photo.lighting)),
  ...Object.fromEntries(Object.keys(fit[0]!.parts).map((name) => [name, r3(srcc(fit, (photo) => photo.parts[name]!))])),
};
// An issue's penalty agrees with people beyond q when the photos raising it sit lower in opinion than q puts them.
const mosRanks = percentileRanks(fit.map((photo) => photo.mos));
const qRanks = percentileRanks(fit.map((photo) => photo.q));
const issues = Object.fromEntries(
  FRAME_ISSUES.map((issue) => {
    const with_ = fit.map((photo, i) => ({ photo, i })).filter(({ photo }) => photo.issues.includes(issue));
    const mean = (values: number[]): number => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
    const without = { ...SESSION_SIX, penalties: { ...PENALTIES, [issue]: 0 } };
    return [
      issue,
      {
        photos: with_.length,
        mean_opinion_percentile: r3(mean(with_.map(({ i }) => mosRanks[i]!))),
        mean_q_percentile: r3(mean(with_.map(({ i }) => qRanks[i]!))),
        session_six_score_srcc_without_its_penalty: r3(srcc(fit, (photo) => score(photo, without))),
      },
    ];
  }),
);
const leaveOut = {
  session_six: r3(srcc(fit, (photo) => score(photo, SESSION_SIX))),
  without_professional_quality: r3(srcc(fit, (photo) => score(photo, { ...SESSION_SIX, professional: 0 }))),
  without_lighting: r3(srcc(fit, (photo) => score(photo, { ...SESSION_SIX, lighting: 0 }))),
  without_frame_penalties: r3(srcc(fit, (photo) => score(photo, { ...SESSION_SIX, penalties: {} }))),
  now: r3(srcc(fit, (photo) => score(photo, NOW))),
  q_alone: r3(srcc(fit, (photo) => photo.q)),
};
const chosen = Object.fromEntries(
  Object.entries(families).map(([name, choose]) => {
    const whole = choose(fit);
    return [name, { chosen_on_fitting_half: whole.composition, srcc_fitting_half: r3(srcc(fit, (photo) => score(photo, whole.composition))), nested_cv: nested(choose) }];
  }),
);
// The surface behind the choices: the score's SRCC over the fitting half by the two weights (built-in
// penalties), and by the penalties' scale with both weights at 0.
const surface = Object.fromEntries(
  [0, 0.05, 0.1, 0.2, 0.35].map((professional) => [
    `professional_${professional}`,
    Object.fromEntries([0, 0.05, 0.1, 0.2].map((lighting) => [`lighting_${lighting}`, r3(srcc(fit, (photo) => score(photo, { professional, lighting, penalties: PENALTIES })))])),
  ]),
);
const penaltyScale = Object.fromEntries(PENALTY_SCALES.map((scale) => [`scale_${scale}`, r3(srcc(fit, (photo) => score(photo, { professional: 0, lighting: 0, penalties: scaled(scale) })))]));
// How sure the fitting half is that the composition now beats the sixth session's: 1000 bootstrap
// resamples of its photos (a fixed-seed generator, so the figures repeat), the SRCC difference in each.
function bootstrap(): { resamples: number; now_better_share: number; difference_median: number; difference_95_interval: [number, number] } {
  const resamples = 1000;
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const now = fit.map((photo) => score(photo, NOW));
  const before = fit.map((photo) => score(photo, SESSION_SIX));
  const differences: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const picked = fit.map(() => Math.floor(next() * fit.length));
    const opinions = picked.map((i) => fit[i]!.mos);
    differences.push(spearman(picked.map((i) => now[i]!), opinions) - spearman(picked.map((i) => before[i]!), opinions));
  }
  differences.sort((a, b) => a - b);
  return {
    resamples,
    now_better_share: differences.filter((difference) => difference > 0).length / resamples,
    difference_median: r3(differences[resamples / 2]!),
    difference_95_interval: [r3(differences[Math.round(resamples * 0.025)]!), r3(differences[Math.round(resamples * 0.975)]!)],
  };
}
console.log(
  JSON.stringify(
    { photos: fit.length, srcc_alone_fitting_half: parts, issues_fitting_half: issues, leave_one_part_out_fitting_half: leaveOut, weight_surface_fitting_half: surface, penalty_scale_without_the_two_fitting_half: penaltyScale, families: chosen, now_against_session_six_bootstrap: bootstrap() },
    null,
    2,
  ),
);

if (lookAtHeldOut) {
  const held = rows.filter((row) => !inFitHalf(row.file));
  const engine = held.map((row) => technicalScore(embeddedDimensions({ quality: row.quality, faces: null, face: null, background: null }), row.quality.issues, predictImageQuality(row.quality, row.appearance)).score);
  console.log(
    JSON.stringify({
      held_out: held.length,
      srcc_of_the_engine_score: r3(spearman(engine, held.map((row) => row.mos))),
      ties: held.length - new Set(engine).size,
      range: [Math.min(...engine), Math.max(...engine)],
    }),
  );
}
