import { readFileSync } from 'node:fs';
import type { ContentRating, DimensionKey, DimensionScores, RatingClass, RatingWhy, Tag } from '../../../src-preload/contract/rating-result.js';
import { DIMENSION_KEYS } from '../../../src-preload/contract/rating-result.js';
import type { RawImage } from '../image/raw-image.js';
import { ramp, round1, round3 } from '../scoring/shapes.js';
import { ratingClass } from '../scoring/technical-score.js';
import dimensionPrompts from '../../../resources/dimension-prompts.json' with { type: 'json' };
import tagVocabulary from '../../../resources/tag-vocabulary.json' with { type: 'json' };
import { installedRecordPath } from './ai-pack-layout.js';
import { loadAestheticHead, type AestheticHead } from './encoders/aesthetic.js';
import { loadClip } from './encoders/clip.js';
import type { DualEncoder } from './encoders/dual-encoder.js';
import { loadNsfwVitClassifier, type NsfwVitClassifier } from './encoders/nsfw-vit.js';
import { loadSiglip } from './encoders/siglip.js';
import { labelRanker, rankLabels, scorePromptPairs } from './encoders/zero-shot.js';

/**
 * The AI level: what the installed pack adds on top of the embedded level.
 *   score      = ½ · embedded score + ½ · 100·ramp(LAION aesthetic, 3→8)
 *   dimensions = 10·ramp(p, p_low→p_high) of each CLIP prompt pair (resources/dimension-prompts.json);
 *                the six the embedded level measures are averaged with that measure
 *   tags       = measured tags plus SigLIP zero-shot tags (resources/tag-vocabulary.json)
 *   conflict   = the ViT NSFW classifier and the embedded nsfwjs disagree on safe-for-portfolio
 */
export const AI_LEVEL = { id: 'ai_pack', version: '1.0.0' } as const;
export const AI_PACK_COMPONENT_IDS = ['clip-vit-b16-image', 'clip-vit-b16-text', 'laion-aesthetic-vit-b16', 'siglip-base-image', 'siglip-base-text', 'nsfw-vit'] as const;
const AESTHETIC_RANGE = { zeroAt: 3, fullAt: 8 } as const;

export type AiPackInstallState = { installed: true; label: string } | { installed: false; reason: string };

/** Read at engine start, without hashing: which pack (by source revisions) is installed, or why none is. */
export function aiPackInstallState(home: string): AiPackInstallState {
  let record: { components?: Record<string, { source?: string; files?: Array<{ source?: string }> }> };
  try {
    record = JSON.parse(readFileSync(installedRecordPath(home), 'utf8')) as typeof record;
  } catch {
    return { installed: false, reason: 'the AI pack is not installed (culler models install, or culler models import <folder>)' };
  }
  const components = record.components ?? {};
  const missing = AI_PACK_COMPONENT_IDS.filter((id) => !components[id]);
  if (missing.length) return { installed: false, reason: `the AI pack is incomplete: ${missing.join(', ')} not installed` };
  const revisions = AI_PACK_COMPONENT_IDS.map((id) => `${id}@${JSON.stringify(components[id]).match(/[0-9a-f]{40}/)?.[0]?.slice(0, 8) ?? 'local'}`);
  return { installed: true, label: revisions.join(', ') };
}

export type AiPackRuntime = {
  clip: DualEncoder;
  siglip: DualEncoder;
  aesthetic: AestheticHead;
  nsfw: NsfwVitClassifier;
  close(): Promise<void>;
};

export async function openAiPackRuntime(home: string, log?: (message: string) => void): Promise<AiPackRuntime> {
  const options = log ? { log } : {};
  const [clip, siglip, aesthetic, nsfw] = await Promise.all([loadClip(home, options), loadSiglip(home, options), loadAestheticHead(home, options), loadNsfwVitClassifier(home, options)]);
  return {
    clip,
    siglip,
    aesthetic,
    nsfw,
    close: async () => {
      await Promise.all([clip.close(), siglip.close(), aesthetic.close(), nsfw.close()]);
    },
  };
}

export function runtimeLabelRanker(runtime: AiPackRuntime): ReturnType<typeof labelRanker> {
  return labelRanker(runtime.clip);
}

export type AiLevel = {
  score: number;
  rating: RatingClass;
  dimension_scores: DimensionScores;
  tags: Tag[];
  content_rating_conflict: boolean | null;
  nsfw_vit: { normal: number; nsfw: number };
  /** CLIP's image embedding of the frame: grouping compares near-identical shots by it. */
  clip_embedding: Float32Array;
  why: Pick<RatingWhy, 'score' | 'dimensions'> & { tags: Array<{ tag: string; because: string }> };
};

type EmbeddedView = { score: number; dimension_scores: DimensionScores; tags: Tag[]; why: RatingWhy };

export async function aiLevel(runtime: AiPackRuntime, working: RawImage, embedded: EmbeddedView, content: ContentRating): Promise<AiLevel> {
  const [clipEmbedding] = await runtime.clip.embedImages([working]);
  const [siglipEmbedding] = await runtime.siglip.embedImages([working]);
  const [aestheticRaw] = await runtime.aesthetic.score([clipEmbedding!]);
  const nsfw = await runtime.nsfw.classify(working);

  const keys = DIMENSION_KEYS;
  const prompts = dimensionPrompts.dimensions as Record<DimensionKey, { positive: string; negative: string }>;
  const pairs = await scorePromptPairs(clipEmbedding!, keys.map((key) => prompts[key]), runtime.clip.text);
  const { p_low: low, p_high: high } = dimensionPrompts.calibration;
  const dimensionScores = {} as DimensionScores;
  const dimensionWhy: RatingWhy['dimensions'] = {};
  keys.forEach((key, index) => {
    const probability = pairs[index]!.positive;
    const zeroShot = 10 * ramp(probability, low, high);
    const measured = embedded.dimension_scores[key];
    dimensionScores[key] = round1(measured === null ? zeroShot : (zeroShot + measured) / 2);
    dimensionWhy[key] = {
      level: 'ai_pack',
      formula:
        measured === null
          ? `10 × ramp(p(“${prompts[key].positive}”), ${low}→${high})`
          : `mean of the embedded measure and 10 × ramp(p(“${prompts[key].positive}”), ${low}→${high})`,
      measures: { prompt_probability: round3(probability), ...(measured === null ? {} : { embedded: measured }) },
    };
  });

  const aesthetic100 = 100 * ramp(aestheticRaw!, AESTHETIC_RANGE.zeroAt, AESTHETIC_RANGE.fullAt);
  const score = round1((embedded.score + aesthetic100) / 2);

  const vocabulary = tagVocabulary.tags;
  const labels = await rankLabels(siglipEmbedding!, vocabulary.map((entry) => entry.prompt), runtime.siglip.text);
  // SigLIP's own sigmoid when the export gives its scale and bias; else twice the uniform share.
  const aiTags = labels
    .map((label, index) => ({ tag: vocabulary[index]!.tag, confidence: round3(label.independent ?? label.probability), independent: label.independent !== null }))
    .filter((entry) => (entry.independent ? entry.confidence >= tagVocabulary.min_confidence : entry.confidence >= 2 / vocabulary.length));
  const merged = new Map(embedded.tags.map((tag) => [tag.tag, tag]));
  for (const tag of aiTags) if (!merged.has(tag.tag)) merged.set(tag.tag, { tag: tag.tag, confidence: tag.confidence });
  const tags = [...merged.values()].sort((a, b) => b.confidence - a.confidence).slice(0, 7);

  const vitUnsafe = nsfw.nsfw >= 0.5;
  const conflict = content.safe_for_portfolio === null ? null : vitUnsafe === content.safe_for_portfolio;

  return {
    score,
    rating: ratingClass(score),
    dimension_scores: dimensionScores,
    tags,
    content_rating_conflict: conflict,
    nsfw_vit: { normal: round3(nsfw.normal), nsfw: round3(nsfw.nsfw) },
    clip_embedding: clipEmbedding!,
    why: {
      score: {
        level: 'ai_pack',
        formula: `½ · embedded score (${embedded.score}) + ½ · 100·ramp(LAION aesthetic ${round3(aestheticRaw!)}, ${AESTHETIC_RANGE.zeroAt}→${AESTHETIC_RANGE.fullAt})`,
        components: embedded.why.score?.components ?? [],
        penalties: embedded.why.score?.penalties ?? [],
        embedded_score: embedded.score,
      },
      dimensions: dimensionWhy,
      tags: [
        ...embedded.why.tags,
        ...aiTags.filter((tag) => tags.some((kept) => kept.tag === tag.tag) && !embedded.tags.some((own) => own.tag === tag.tag)).map((tag) => ({
          tag: tag.tag,
          because: `SigLIP zero-shot ${tag.independent ? 'probability' : 'share among the vocabulary'} ${tag.confidence}`,
        })),
      ],
    },
  };
}
