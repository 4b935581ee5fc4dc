import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { burstGroups, type RatedPhoto } from './burst-groups.js';
import { EMBEDDED_CONTENT_MODEL } from './content-embedding.js';

/** The truth table of ../shared/corpus/bursts/README.md: groups A–D, two singles. */
const TRUTH: Record<string, string> = {
  'd70s-series-1.jpg': 'A', 'd70s-series-2.jpg': 'A', 'd70s-series-3.jpg': 'A', 'd70s-series-4.jpg': 'A',
  'cockatoo-b-1.jpg': 'B', 'cockatoo-b-2.jpg': 'B', 'cockatoo-b-3.jpg': 'B',
  'cockatoo-c-1.jpg': 'C', 'cockatoo-c-2.jpg': 'C', 'cockatoo-c-3.jpg': 'C',
  'cockatoo-d-1.jpg': 'D', 'cockatoo-d-2.jpg': 'D', 'cockatoo-d-3.jpg': 'D',
  'cockatoo-single-closeup.jpg': 'single-closeup', 'cockatoo-single-motionblur.jpg': 'single-motionblur',
};

/** Pairwise precision and recall: of the pairs put together, how many belong together, and of those that belong together, how many were put together. */
function pairwise(groups: string[][]): { precision: number; recall: number; truePairs: number; predictedPairs: number } {
  const predictedOf = new Map<string, number>();
  groups.forEach((members, index) => members.forEach((name) => predictedOf.set(name, index)));
  const names = Object.keys(TRUTH);
  let together = 0;
  let truePairs = 0;
  let correct = 0;
  for (let first = 0; first < names.length; first++) {
    for (let second = first + 1; second < names.length; second++) {
      const same = TRUTH[names[first]!] === TRUTH[names[second]!];
      const grouped = predictedOf.get(names[first]!) === predictedOf.get(names[second]!);
      if (same) truePairs++;
      if (grouped) together++;
      if (same && grouped) correct++;
    }
  }
  return { precision: together ? correct / together : 1, recall: truePairs ? correct / truePairs : 1, truePairs, predictedPairs: together };
}

describe('grouping ../shared/corpus/bursts', () => {
  const engine = useTestEngine();

  async function rateBursts(): Promise<RatedPhoto[]> {
    const folder = corpusFile('bursts');
    const files = readdirSync(folder).filter((name) => name.endsWith('.jpg')).map((name) => path.join(folder, name));
    const rated = await engine().rateFiles(files, () => {});
    return rated.map((rating) => {
      if (!rating.ok) throw new Error(`${rating.path}: ${rating.error.message}`);
      return { key: path.basename(rating.path), path: rating.path, result: rating.result as RatingResult };
    });
  }

  it('puts each burst together and keeps bursts and singles apart (pairwise precision and recall ≥ 0.9), with and without the content embedding', async () => {
    const photos = await rateBursts();
    // The content classifier's pooled features ride along in every result the models rated.
    for (const photo of photos) expect(photo.result.similarity?.embeddings?.map((embedding) => embedding.model)).toEqual([EMBEDDED_CONTENT_MODEL]);
    const withoutEmbedding = photos.map((photo) => ({ ...photo, result: { ...photo.result, similarity: { ...photo.result.similarity!, embeddings: [] } } }));
    for (const [label, input] of [['with the content embedding', photos], ['without (pHash, colour, time)', withoutEmbedding]] as const) {
      const groups = burstGroups(input);
      const measured = pairwise(groups.map((group) => group.keys));
      console.log(
        `bursts corpus, ${label}: pairwise precision ${measured.precision.toFixed(3)}, recall ${measured.recall.toFixed(3)} ` +
          `(${measured.predictedPairs} pairs grouped, ${measured.truePairs} true pairs); groups: ` +
          groups.map((group) => `[${group.keys.join(' ')}]`).join(' '),
      );
      expect(measured.precision).toBeGreaterThanOrEqual(0.9);
      expect(measured.recall).toBeGreaterThanOrEqual(0.9);
    }
  }, 120_000);

  it('names the best frame of every group of two or more, with a reason sentence', async () => {
    const groups = burstGroups(await rateBursts());
    const bursts = groups.filter((group) => group.keys.length > 1);
    expect(bursts.length).toBeGreaterThanOrEqual(4);
    for (const group of bursts) {
      console.log(`group ${group.id}: best ${group.best} — ${group.reason}`);
      expect(group.keys).toContain(group.best);
      expect(group.reason).toMatch(/^Frame \d+: .+\.$/);
    }
    for (const single of groups.filter((group) => group.keys.length === 1)) expect(single.reason).toBe('a single frame');
  }, 120_000);
});
