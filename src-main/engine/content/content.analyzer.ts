import type { ContentRating } from '../../../src-preload/contract/rating-result.js';
import { resizeRaw, type RawImage } from '../image/raw-image.js';
import { cropInterleaved } from '../quality/borders.js';
import type { ModelOutputs, ModelRunner } from '../models/ort-session-factory.js';
import { APPEARANCE_WIDE_MODEL_ID, appearanceCrop, appearanceWide, poolAppearance } from './appearance.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';
import { contentVerdict, NSFW_CLASSES, type NsfwProbabilities } from './content-levels.js';

export const CONTENT_ANALYZER = { id: 'content', version: '2.2.0' } as const;
export const NSFW_MODEL_ID = 'nsfwjs-mobilenet-v2';
/** nsfwjs squeezes the whole picture into 224² (no letterbox) and scales pixels to 0–1. */
const INPUT_SIZE = 224;
const CENTRE_VIEW_FRACTION = 0.9;

function softmaxIfLogits(values: Float32Array): number[] {
  const sum = values.reduce((total, value) => total + value, 0);
  const isDistribution = Math.abs(sum - 1) < 1e-3 && values.every((value) => value >= 0);
  if (isDistribution) return Array.from(values);
  const max = Math.max(...values);
  const exps = Array.from(values, (value) => Math.exp(value - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / total);
}

/** The picture mirrored left to right: the same content, another look for the classifier. */
function mirrored(image: RawImage): RawImage {
  const { width, height } = image;
  const data = Buffer.alloc(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0, from = y * width * 3, to = (y * width + width - 1) * 3; x < width; x++, from += 3, to -= 3) {
      data[to] = image.data[from]!;
      data[to + 1] = image.data[from + 1]!;
      data[to + 2] = image.data[from + 2]!;
    }
  }
  return { data, width, height, channels: 3 };
}

/** The central part of the picture, `fraction` of each side. */
function centre(image: RawImage, fraction: number): RawImage {
  const box = {
    left: Math.floor((image.width * (1 - fraction)) / 2),
    top: Math.floor((image.height * (1 - fraction)) / 2),
    width: Math.max(1, Math.round(image.width * fraction)),
    height: Math.max(1, Math.round(image.height * fraction)),
  };
  return { data: cropInterleaved(image.data, image.width, 3, box, (length) => Buffer.alloc(length)), width: box.width, height: box.height, channels: 3 };
}

/**
 * The model's inner output (models/manifest.json `extraOutputs`): the 1280 pooled MobileNetV2
 * features under its classifier head, a content embedding for grouping near-identical shots.
 */
export const CONTENT_FEATURES_OUTPUT = 'flatten_1';

/** A view squeezed to the classifier's 224², as nsfwjs does. */
async function toInputSize(view: RawImage): Promise<RawImage> {
  // A view already at the input size (the appearance crop) is its own resize: libvips returns the
  // same bytes (tested), so the copy is skipped.
  return view.width === INPUT_SIZE && view.height === INPUT_SIZE ? view : resizeRaw(view, { width: INPUT_SIZE, height: INPUT_SIZE, fit: 'fill' }, true);
}

type ClassifiedView = { probabilities: number[]; features: Float32Array | null; outputs: ModelOutputs };

async function classifyView(runner: ModelRunner, view: RawImage): Promise<ClassifiedView> {
  return classifySmall(runner, await toInputSize(view));
}

/**
 * A view's bytes as the model's 0–1 floats. A plain indexed loop: `Float32Array.from(bytes, fn)`
 * goes through the iterator protocol and took ~105 ms for a 448² view (≈ 170 ns a value) against
 * ~1 ms for this loop, the same floats.
 */
export function unitInput(view: RawImage): Float32Array {
  const input = new Float32Array(view.data.length);
  for (let index = 0; index < input.length; index++) input[index] = view.data[index]! / 255;
  return input;
}

/** One model run on a view already at 224². */
async function classifySmall(runner: ModelRunner, small: RawImage): Promise<ClassifiedView> {
  await yieldToEventLoop();
  const outputs = await runner.run(NSFW_MODEL_ID, unitInput(small));
  const output = Object.entries(outputs).find(([name]) => name !== CONTENT_FEATURES_OUTPUT)?.[1];
  if (!output || output.data.length !== NSFW_CLASSES.length) throw new Error(`content model gave ${output?.data.length ?? 0} values, expected ${NSFW_CLASSES.length}`);
  return { probabilities: softmaxIfLogits(output.data), features: outputs[CONTENT_FEATURES_OUTPUT]?.data ?? null, outputs };
}

/**
 * The classifier's probabilities, averaged over three views of the picture: the whole frame, its
 * mirror image and its central 90 %. One view alone flipped a portrait from safe to revealing
 * when 3 % was cropped off each side; the mean of three is steadier (tested).
 */
export async function classifyContent(runner: ModelRunner, working: RawImage): Promise<NsfwProbabilities> {
  return (await classifyContentViews(runner, working, false)).scores;
}

type ClassifiedViews = { scores: NsfwProbabilities; features: Float32Array | null; appearance: number[] | null; views: number };

/**
 * The averaged probabilities, the whole frame's features (null from a model without them) and,
 * with `withAppearance`, the quality estimate's appearance features (content/appearance.ts: the
 * whole-frame view's pooled activations and one more run on the central crop).
 *
 * `moreViews` says whether the mirrored and central views are worth their two model runs: it
 * resolves to false when a person detector ran and found no one, because the person gate then
 * makes the level safe whatever the classifier reads (person-gate.ts), and the scores are the
 * whole frame's alone. Those two views cost about a third of the content analysis (README, session 5).
 */
async function classifyContentViews(runner: ModelRunner, working: RawImage, withAppearance: boolean, moreViews: Promise<boolean> | boolean = true): Promise<ClassifiedViews> {
  const wholeSmall = await toInputSize(working);
  const whole = await classifySmall(runner, wholeSmall);
  const appearance = withAppearance ? await appearanceOf(runner, poolAppearance(whole.outputs), working) : null;
  const outputs = [whole];
  if (await moreViews) {
    // The mirror of the squeezed frame is the squeezed mirror, byte for byte (libvips's resize is
    // symmetric; tested): 224² pixels mirrored instead of the whole working image, and no resize.
    outputs.push(await classifySmall(runner, mirrored(wholeSmall)));
    outputs.push(await classifyView(runner, centre(working, CENTRE_VIEW_FRACTION)));
  }
  const scores = Object.fromEntries(
    NSFW_CLASSES.map((name, index) => [name, Math.round((outputs.reduce((sum, output) => sum + output.probabilities[index]!, 0) / outputs.length) * 10_000) / 10_000]),
  ) as NsfwProbabilities;
  return { scores, features: whole.features, appearance, views: outputs.length };
}

/** The appearance features alone (three runs of the model: the whole frame, the central crop and the whole frame at 448²), for a caller that needs no content rating. */
export async function measureAppearance(runner: ModelRunner, working: RawImage): Promise<number[] | null> {
  return appearanceOf(runner, poolAppearance((await classifyView(runner, working)).outputs), working);
}

/**
 * The whole frame's pooled activations joined by the central crop's (one more run of the
 * classifier) and the wide view's (one run of its trunk at 448²: appearance.ts); null when the
 * model lacks those outputs.
 */
async function appearanceOf(runner: ModelRunner, whole: number[] | null, working: RawImage): Promise<number[] | null> {
  if (!whole) return null;
  const crop = poolAppearance((await classifyView(runner, await appearanceCrop(working))).outputs);
  if (!crop) return null;
  const wide = await appearanceWide(working);
  await yieldToEventLoop();
  const wideView = poolAppearance(await runner.run(APPEARANCE_WIDE_MODEL_ID, unitInput(wide)));
  return wideView ? [...whole, ...crop, ...wideView] : null;
}

/** The content rating from the one embedded classifier; the cross-check needs the AI pack's second one. */
export async function analyzeContent(runner: ModelRunner, working: RawImage): Promise<ContentRating> {
  return (await analyzeContentWithFeatures(runner, working)).rating;
}

/**
 * The content rating, the whole frame's pooled features (a content embedding for grouping) and the
 * quality estimate's appearance features. `moreViews`: see classifyContentViews.
 */
export async function analyzeContentWithFeatures(
  runner: ModelRunner,
  working: RawImage,
  options: { moreViews?: Promise<boolean> } = {},
): Promise<{ rating: ContentRating; features: Float32Array | null; appearance: number[] | null }> {
  const { scores, features, appearance, views } = await classifyContentViews(runner, working, true, options.moreViews);
  return { rating: contentRating(scores, views), features, appearance };
}

function contentRating(scores: NsfwProbabilities, views: number): ContentRating {
  const verdict = contentVerdict(scores, views === 1 ? 'the whole frame alone' : null);
  return {
    level: verdict.level,
    detail: verdict.detail,
    safe_for_portfolio: verdict.safe_for_portfolio,
    content_rating_conflict: null,
    scores,
    reason: verdict.reason,
  };
}
