import type { ContentRating } from '../../../src-preload/contract/rating-result.js';
import { resizeRaw, type RawImage } from '../image/raw-image.js';
import type { ModelRunner } from '../models/ort-session-factory.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';
import { contentVerdict, NSFW_CLASSES, type NsfwProbabilities } from './content-levels.js';

export const CONTENT_ANALYZER = { id: 'content', version: '1.0.0' } as const;
export const NSFW_MODEL_ID = 'nsfwjs-mobilenet-v2';
/** nsfwjs squeezes the whole picture into 224² (no letterbox) and scales pixels to 0–1. */
const INPUT_SIZE = 224;

function softmaxIfLogits(values: Float32Array): number[] {
  const sum = values.reduce((total, value) => total + value, 0);
  const isDistribution = Math.abs(sum - 1) < 1e-3 && values.every((value) => value >= 0);
  if (isDistribution) return Array.from(values);
  const max = Math.max(...values);
  const exps = Array.from(values, (value) => Math.exp(value - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / total);
}

export async function classifyContent(runner: ModelRunner, working: RawImage): Promise<NsfwProbabilities> {
  const small = await resizeRaw(working, { width: INPUT_SIZE, height: INPUT_SIZE, fit: 'fill' }, true);
  await yieldToEventLoop();
  const input = new Float32Array(small.data.length);
  for (let index = 0; index < input.length; index++) input[index] = small.data[index]! / 255;
  const [output] = Object.values(await runner.run(NSFW_MODEL_ID, input));
  if (!output || output.data.length !== NSFW_CLASSES.length) throw new Error(`content model gave ${output?.data.length ?? 0} values, expected ${NSFW_CLASSES.length}`);
  const probabilities = softmaxIfLogits(output.data);
  return Object.fromEntries(NSFW_CLASSES.map((name, index) => [name, Math.round(probabilities[index]! * 10_000) / 10_000])) as NsfwProbabilities;
}

/** The content rating from the one embedded classifier; the cross-check needs the AI pack's second one. */
export async function analyzeContent(runner: ModelRunner, working: RawImage): Promise<ContentRating> {
  const scores = await classifyContent(runner, working);
  const verdict = contentVerdict(scores);
  return {
    level: verdict.level,
    detail: verdict.detail,
    safe_for_portfolio: verdict.safe_for_portfolio,
    content_rating_conflict: null,
    scores,
    reason: verdict.reason,
  };
}
