/**
 * The features a decision keeps: read generically from a stored rating result, so that a result
 * written by an older or newer engine (fields missing, renamed gate inputs, extra measures) still
 * gives what it has. A missing value is simply absent; the model imputes the training mean.
 *
 * Everything is scaled to roughly 0–1 here; the model standardises again on its training set.
 */
export type FeatureVector = Record<string, number>;

/** At most this many tag features (the most frequent in the training set win; see logistic.ts). */
const MAX_TAG_NAME = 40;

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Every finite number of an object, under `prefix.key`, scaled by `scale`. */
function numbersOf(out: FeatureVector, prefix: string, value: unknown, scale = 1): void {
  const object = record(value);
  if (!object) return;
  for (const [key, entry] of Object.entries(object)) {
    if (finite(entry)) out[`${prefix}.${key}`] = entry / scale;
    else if (typeof entry === 'boolean') out[`${prefix}.${key}`] = entry ? 1 : 0;
  }
}

const logScale = (value: number, top: number): number => Math.log1p(Math.max(0, value)) / Math.log1p(top);

export function extractFeatures(result: unknown): FeatureVector {
  const out: FeatureVector = {};
  const root = record(result);
  if (!root) return out;

  // The gate's own inputs (whatever their names in this engine version).
  numbersOf(out, 'gate', record(record(root.why)?.portfolio)?.features);
  if (finite(root.score)) out.score = root.score / 100;
  if (finite(root.portfolio_prob)) out['builtin.portfolio_prob'] = root.portfolio_prob;
  numbersOf(out, 'dim', root.dimension_scores, 10);

  const quality = record(root.quality);
  if (quality) {
    if (finite(quality.sharpness)) out['q.sharpness'] = logScale(quality.sharpness, 2000);
    if (finite(quality.sharpness_median)) out['q.sharpness_median'] = logScale(quality.sharpness_median, 200);
    if (finite(quality.megapixels)) out['q.megapixels'] = logScale(quality.megapixels, 60);
    if (typeof quality.is_acceptable === 'boolean') out['q.acceptable'] = quality.is_acceptable ? 1 : 0;
    numbersOf(out, 'exp', quality.exposure);
    const borders = record(quality.borders);
    if (borders && finite(borders.bar_fraction)) out['q.bar_fraction'] = borders.bar_fraction;
    if (Array.isArray(quality.issues)) for (const issue of quality.issues) if (typeof issue === 'string') out[`issue.${issue}`] = 1;
  }

  // Faces: only when a detector ran (face_count is a number); otherwise nothing is claimed.
  if (finite(root.face_count)) {
    out['face.count'] = Math.min(root.face_count, 4) / 4;
    out['face.none'] = root.face_count === 0 ? 1 : 0;
    out['face.area'] = finite(root.face_area_ratio) ? Math.sqrt(Math.max(0, root.face_area_ratio)) : 0;
    if (finite(root.face_confidence)) out['face.confidence'] = root.face_confidence;
    const first = Array.isArray(root.faces) ? record(root.faces[0]) : null;
    const eyes = record(first?.eyes);
    if (eyes && typeof eyes.closed === 'boolean') out['face.eyes_closed'] = eyes.closed ? 1 : 0;
  }

  const content = record(root.content_rating);
  if (content) {
    if (typeof content.safe_for_portfolio === 'boolean') out['content.safe'] = content.safe_for_portfolio ? 1 : 0;
    if (typeof content.level === 'string') out[`content.level.${content.level}`] = 1;
    numbersOf(out, 'content.score', content.scores);
  }

  if (Array.isArray(root.tags)) {
    for (const tag of root.tags) {
      const entry = record(tag);
      if (entry && typeof entry.tag === 'string' && entry.tag.length <= MAX_TAG_NAME && finite(entry.confidence)) out[`tag.${entry.tag}`] = entry.confidence;
    }
  }

  // The AI pack's image embedding, where a result carries one.
  const embedding = root.embedding;
  if (Array.isArray(embedding) && embedding.length <= 1024) {
    embedding.forEach((value: unknown, index) => {
      if (finite(value)) out[`emb.${index}`] = value;
    });
  }
  return out;
}
