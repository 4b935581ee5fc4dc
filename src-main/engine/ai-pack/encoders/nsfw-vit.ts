import type { RawImage } from '../../image/raw-image.js';
import type { ExecutionProvider } from '../../models/execution-providers.js';
import {
  AiPackModelError,
  checkFloatInput,
  checkInputs,
  loadImageProcessor,
  openComponent,
  pickName,
  preprocessImages,
  type AiPackLoadOptions,
  type JsonObject,
} from './ai-pack-models.js';
import { softmax } from './vectors.js';

/**
 * The ViT NSFW classifier (component nsfw-vit: AdamCodd/vit-base-nsfw-detector, a
 * ViTForImageClassification fine-tuned at 384 × 384): pixel_values [batch, 3, H, W] → logits
 * [batch, 2], preprocessed as its preprocessor_config.json says (ViTImageProcessor: resize to the
 * configured square, rescale to 0–1, normalise with mean/std 0.5). Which logit is which comes from
 * config.json's id2label, where the safe class may be called normal, sfw or safe; without
 * config.json the order 0 = safe, 1 = nsfw is assumed (both AdamCodd's and Falconsai's).
 */

export type NsfwProbabilities = { normal: number; nsfw: number };

export type NsfwVitClassifier = {
  readonly componentId: 'nsfw-vit';
  readonly provider: ExecutionProvider;
  classify(image: RawImage): Promise<NsfwProbabilities>;
  /** One result per image, in order. */
  classifyAll(images: readonly RawImage[]): Promise<NsfwProbabilities[]>;
  close(): Promise<void>;
};

const BATCH = 16;

/** Indices of the safe ("normal") and nsfw logits, from config.json's id2label. */
export function labelIndices(config: JsonObject | null): { normal: number; nsfw: number } {
  const id2label = config?.id2label;
  if (id2label === undefined) return { normal: 0, nsfw: 1 };
  const entries = typeof id2label === 'object' && id2label !== null ? Object.entries(id2label as Record<string, unknown>) : [];
  const find = (label: string): number | undefined => {
    const entry = entries.find(([, value]) => typeof value === 'string' && value.toLowerCase() === label);
    return entry ? Number(entry[0]) : undefined;
  };
  const normal = find('normal') ?? find('sfw') ?? find('safe');
  const nsfw = find('nsfw');
  if (entries.length !== 2 || normal === undefined || nsfw === undefined) {
    throw new AiPackModelError('model_unsupported', 'nsfw-vit', `config.json id2label must name two classes, normal (or sfw) and nsfw; it has ${JSON.stringify(id2label)}`);
  }
  return { normal, nsfw };
}

export async function loadNsfwVitClassifier(home: string, options: AiPackLoadOptions = {}): Promise<NsfwVitClassifier> {
  const id = 'nsfw-vit';
  const processor = await loadImageProcessor(home, id);
  const { session, config } = await openComponent(home, id, options);
  try {
    checkInputs(id, session, ['pixel_values']);
    const input = pickName(id, session.inputs, ['pixel_values'], 'image input');
    checkFloatInput(id, session, input);
    const output = session.outputs.length === 1 ? session.outputs[0]!.name : pickName(id, session.outputs, ['logits'], 'class logits output');
    const indices = labelIndices(config);

    const classifyAll = async (images: readonly RawImage[]): Promise<NsfwProbabilities[]> => {
      const results: NsfwProbabilities[] = [];
      for (let start = 0; start < images.length; start += BATCH) {
        const pixels = await preprocessImages(processor, images.slice(start, start + BATCH));
        const { data, dims } = (await session.run({ [input]: pixels }, [output]))[output]!;
        if (dims.length !== 2 || dims[1] !== 2) throw new AiPackModelError('model_unsupported', id, `expected logits [batch, 2], the model gave [${dims.join(', ')}]`);
        for (let row = 0; row < dims[0]!; row++) {
          const probabilities = softmax([data[2 * row]!, data[2 * row + 1]!]);
          results.push({ normal: probabilities[indices.normal]!, nsfw: probabilities[indices.nsfw]! });
        }
      }
      return results;
    };

    return {
      componentId: id,
      provider: session.provider,
      classifyAll,
      classify: async (image) => (await classifyAll([image]))[0]!,
      close: () => session.release(),
    };
  } catch (error) {
    await session.release();
    throw error;
  }
}
