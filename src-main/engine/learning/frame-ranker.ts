import { extractFeatures, type FeatureVector } from './features.js';
import { decisiveFeature, frameUtility, type PairwiseRanker } from './pairwise.js';

/**
 * The adopted pairwise ranker choosing a burst's best frame: the frames (photo ids, in capture
 * order) by utility, best first, with the reason in the user's terms. Null when a frame has no
 * result to read (the built-in choice decides then).
 */
export type FrameRanker = (photoIds: number[]) => { order: number[]; reason: string } | null;

/** Feature names as a person reads them. */
function plain(feature: string): string {
  const known: Record<string, string> = {
    'exp.mean_luminance': 'brightness',
    'exp.midtone_mean': 'midtone brightness',
    'exp.contrast': 'contrast',
    'q.sharpness': 'sharpness',
    'q.sharpness_median': 'overall sharpness',
    score: 'score',
    'face.area': 'face size',
    'face.count': 'number of faces',
    'face.eyes_closed': 'closed eyes',
  };
  return known[feature] ?? feature.replace(/^[a-z]+\./, '').replaceAll('_', ' ');
}

export function rankFrames(active: { version: number; ranker: PairwiseRanker }, photoIds: number[], results: ReadonlyMap<number, string>): { order: number[]; reason: string } | null {
  const features: FeatureVector[] = [];
  for (const id of photoIds) {
    const text = results.get(id);
    if (text === undefined) return null;
    try {
      features.push(extractFeatures(JSON.parse(text) as unknown));
    } catch {
      return null;
    }
  }
  const utility = features.map((vector) => frameUtility(active.ranker, vector));
  // Ties go to the earlier frame, as in the built-in choice.
  const order = photoIds.map((_, index) => index).sort((a, b) => utility[b]! - utility[a]! || a - b);
  if (order.length < 2) return { order, reason: 'a single frame' };
  const [best, next] = [order[0]!, order[1]!];
  const decisive = decisiveFeature(active.ranker, features[best]!, features[next]!);
  const why = decisive ? `${decisive.more ? 'more' : 'less'} ${plain(decisive.feature)} than frame ${next + 1}` : `ties with frame ${next + 1}; the earlier frame wins`;
  return { order, reason: `Frame ${best + 1}: your picks prefer it (ranker r${active.version}): ${why}.` };
}
