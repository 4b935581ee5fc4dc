import type { ImageProcessor } from '@huggingface/transformers';
import type { RawImage } from '../../image/raw-image.js';
import type { ExecutionProvider } from '../../models/execution-providers.js';
import type { FeedTensor } from '../../models/ai-pack-sessions.js';
import {
  AiPackModelError,
  checkFloatInput,
  checkInputs,
  integerFeed,
  loadImageProcessor,
  loadTokenizer,
  openComponent,
  pickName,
  preprocessImages,
  type AiPackComponentId,
  type AiPackLoadOptions,
  type JsonObject,
} from './ai-pack-models.js';
import { l2Normalize, splitRows } from './vectors.js';

/**
 * The image and text towers of a CLIP-like model (CLIP, SigLIP), each its own AI-pack component.
 * clip.ts and siglip.ts describe each family as data; this file does the work.
 */

export type DualEncoderFamily = {
  name: 'clip' | 'siglip';
  imageComponent: AiPackComponentId;
  textComponent: AiPackComponentId;
  /** Output names that hold the joint-space embedding, in order of preference. */
  imageOutputs: readonly string[];
  textOutputs: readonly string[];
  /** Said when none of the outputs is there (e.g. a tower exported without its projection). */
  outputHint: string;
  /** `true`: pad to the longest text of the batch; 'max_length': always to the maximum length. */
  padding: true | 'max_length';
  /** Used when neither tokenizer_config.json nor config.json gives the maximum length. */
  defaultMaxLength: number;
  /** exp(logit_scale) when config.json does not give it. */
  defaultLogitScale: number;
};

/** How cosine similarities become logits: `scale · cos (+ bias)`. */
export type LogitParameters = {
  scale: number;
  /** SigLIP's sigmoid bias; null when the export does not provide it (CLIP has none). */
  bias: number | null;
  source: 'config' | 'default';
};

export type ImageEmbedder = {
  readonly family: DualEncoderFamily['name'];
  readonly componentId: AiPackComponentId;
  readonly provider: ExecutionProvider;
  /** One L2-normalised embedding per image, in order. */
  embedImages(images: readonly RawImage[]): Promise<Float32Array[]>;
  close(): Promise<void>;
};

export type TextEmbedder = {
  readonly family: DualEncoderFamily['name'];
  readonly componentId: AiPackComponentId;
  readonly provider: ExecutionProvider;
  readonly logits: LogitParameters;
  /** One L2-normalised embedding per text, in order. */
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
};

/** Images per session run: bounds memory (224² × 3 floats each) while keeping batches useful. */
const IMAGE_BATCH = 16;
const TEXT_BATCH = 64;
/** Text embeddings kept per encoder: prompt sets repeat for every photo. */
const TEXT_CACHE_LIMIT = 2048;

/**
 * Logit scale and bias from config.json's `logit_scale` (log-space, as stored in CLIP and SigLIP
 * checkpoints: the multiplier is its exp) and `logit_bias`. `logit_scale_init_value` is deliberately
 * ignored: it is the value training started from (ln(1/0.07) → 14.3), not the trained one (100 for
 * OpenAI CLIP), and would flatten every probability.
 */
export function readLogitParameters(config: JsonObject | null, family: DualEncoderFamily, id: AiPackComponentId): LogitParameters {
  const rawScale = config?.logit_scale;
  const rawBias = config?.logit_bias;
  if (rawScale === undefined) return { scale: family.defaultLogitScale, bias: null, source: 'default' };
  const scale = typeof rawScale === 'number' ? Math.exp(rawScale) : Number.NaN;
  if (!Number.isFinite(scale) || scale > 1000) {
    throw new AiPackModelError('model_corrupt', id, `config.json logit_scale ${String(rawScale)} is not a log-space scale (ln 100 = 4.605)`);
  }
  if (rawBias !== undefined && (typeof rawBias !== 'number' || !Number.isFinite(rawBias))) {
    throw new AiPackModelError('model_corrupt', id, `config.json logit_bias ${String(rawBias)} is not a number`);
  }
  return { scale, bias: typeof rawBias === 'number' ? rawBias : null, source: 'config' };
}

/**
 * The text length to pad or truncate to: the smallest of what the tokenizer config
 * (model_max_length) and config.json (max_position_embeddings) say, ignoring the "no limit"
 * placeholders Hugging Face writes (1e30); the family's default when neither says.
 */
export function maxTextLength(tokenizer: { model_max_length: number }, config: JsonObject | null, family: DualEncoderFamily): number {
  const textConfig = (config?.text_config ?? null) as JsonObject | null;
  const plausible = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 65_536;
  const limits = [tokenizer.model_max_length, textConfig?.max_position_embeddings, config?.max_position_embeddings].filter(plausible);
  return limits.length ? Math.min(...limits) : family.defaultMaxLength;
}

/**
 * transformers.js truncates after adding the special tokens, so a text longer than the context loses
 * its end-of-text token, which is where CLIP pools (and what SigLIP saw in training). Python's
 * tokenizers truncate the words and keep it; so do we: a full row whose last real token is not
 * end-of-text gets it back in that place.
 */
export function keepEndOfText(ids: BigInt64Array, mask: BigInt64Array, length: number, eosId: number | undefined): void {
  if (eosId === undefined || eosId === null) return;
  const eos = BigInt(eosId);
  for (let last = length - 1; last < ids.length; last += length) {
    if (mask[last] === 1n && ids[last] !== eos) ids[last] = eos;
  }
}

export async function loadImageEmbedder(home: string, family: DualEncoderFamily, options: AiPackLoadOptions = {}): Promise<ImageEmbedder> {
  const id = family.imageComponent;
  const processor: ImageProcessor = await loadImageProcessor(home, id);
  const component = await openComponent(home, id, options);
  try {
    checkInputs(id, component.session, ['pixel_values']);
    const input = pickName(id, component.session.inputs, ['pixel_values'], 'image input');
    checkFloatInput(id, component.session, input);
    const output = pickName(id, component.session.outputs, family.imageOutputs, 'image embedding output', family.outputHint);
    return {
      family: family.name,
      componentId: id,
      provider: component.session.provider,
      async embedImages(images) {
        const embeddings: Float32Array[] = [];
        for (let start = 0; start < images.length; start += IMAGE_BATCH) {
          const pixels = await preprocessImages(processor, images.slice(start, start + IMAGE_BATCH));
          const result = (await component.session.run({ [input]: pixels }, [output]))[output]!;
          embeddings.push(...splitRows(result.data, result.dims).map(l2Normalize));
        }
        return embeddings;
      },
      close: () => component.session.release(),
    };
  } catch (error) {
    await component.session.release();
    throw error;
  }
}

export async function loadTextEmbedder(home: string, family: DualEncoderFamily, options: AiPackLoadOptions = {}): Promise<TextEmbedder> {
  const id = family.textComponent;
  const tokenizer = await loadTokenizer(home, id);
  const component = await openComponent(home, id, options);
  try {
    const { session } = component;
    checkInputs(id, session, ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids']);
    const output = pickName(id, session.outputs, family.textOutputs, 'text embedding output', family.outputHint);
    const logits = readLogitParameters(component.config, family, id);
    const maxLength = maxTextLength(tokenizer, component.config, family);
    const cache = new Map<string, Float32Array>();

    const run = async (texts: string[]): Promise<Float32Array[]> => {
      const encoded = tokenizer._call(texts, { padding: family.padding, truncation: true, max_length: maxLength });
      const [batch, length] = encoded.input_ids.dims as [number, number];
      if (length === maxLength) keepEndOfText(encoded.input_ids.data as BigInt64Array, encoded.attention_mask.data as BigInt64Array, length, tokenizer.eos_token_id);
      const feeds: Record<string, FeedTensor> = {};
      for (const wanted of session.inputs) {
        if (wanted.name === 'input_ids') feeds.input_ids = integerFeed(encoded.input_ids, wanted);
        else if (wanted.name === 'attention_mask') feeds.attention_mask = integerFeed(encoded.attention_mask, wanted);
        else {
          // token_type_ids: all zero for a single sequence; position_ids: 0 … length − 1 per row.
          const data = BigInt64Array.from({ length: batch * length }, (_, index) => (wanted.name === 'position_ids' ? BigInt(index % length) : 0n));
          feeds[wanted.name] = wanted.type === 'int32' ? { type: 'int32', data: Int32Array.from(data, Number), dims: [batch, length] } : { type: 'int64', data, dims: [batch, length] };
        }
      }
      const result = (await session.run(feeds, [output]))[output]!;
      return splitRows(result.data, result.dims).map(l2Normalize);
    };

    return {
      family: family.name,
      componentId: id,
      provider: session.provider,
      logits,
      async embedTexts(texts) {
        const missing = [...new Set(texts.filter((text) => !cache.has(text)))];
        for (let start = 0; start < missing.length; start += TEXT_BATCH) {
          const chunk = missing.slice(start, start + TEXT_BATCH);
          const embeddings = await run(chunk);
          chunk.forEach((text, index) => cache.set(text, embeddings[index]!));
        }
        const out = texts.map((text) => cache.get(text)!.slice());
        // Oldest first out, once the cache is full (Map keeps insertion order).
        for (const key of cache.keys()) {
          if (cache.size <= TEXT_CACHE_LIMIT) break;
          cache.delete(key);
        }
        return out;
      },
      close: () => component.session.release(),
    };
  } catch (error) {
    await component.session.release();
    throw error;
  }
}

/** Both towers; the text side also carries the logit parameters for zero-shot scoring. */
export type DualEncoder = {
  image: ImageEmbedder;
  text: TextEmbedder;
  embedImages(images: readonly RawImage[]): Promise<Float32Array[]>;
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
};

/** Joins two towers; when loading the second fails the first is closed before the error goes on. */
export async function pairEncoders(image: ImageEmbedder, loadText: () => Promise<TextEmbedder>): Promise<DualEncoder> {
  let text: TextEmbedder;
  try {
    text = await loadText();
  } catch (error) {
    await image.close();
    throw error;
  }
  return {
    image,
    text,
    embedImages: (images) => image.embedImages(images),
    embedTexts: (texts) => text.embedTexts(texts),
    close: async () => {
      await Promise.all([image.close(), text.close()]);
    },
  };
}

/** Both towers of a family (CLIP, SigLIP), image first; the image tower is closed if the text tower fails. */
export async function loadDualEncoder(home: string, family: DualEncoderFamily, options: AiPackLoadOptions = {}): Promise<DualEncoder> {
  return pairEncoders(await loadImageEmbedder(home, family, options), () => loadTextEmbedder(home, family, options));
}
