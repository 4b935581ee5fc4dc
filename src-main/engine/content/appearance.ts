import { resizeRaw, type RawImage } from '../image/raw-image.js';
import type { ModelOutputs } from '../models/ort-session-factory.js';
import { cropInterleaved } from '../quality/borders.js';

/**
 * The content classifier's mid-level view of the picture, for the whole-photo quality estimate
 * (scoring/image-quality.ts): MobileNetV2's activations after blocks 5, 9, 12 and 15 (28², 14²,
 * 14² and 7² cells of 32, 64, 96 and 160 channels at 224 px), each channel pooled over the frame
 * into its mean and its standard deviation: 704 numbers. Texture, sharpness, noise and the kind of
 * scene live at these depths; the classifier's last layer only knows its five classes. The layers
 * are kept as extra outputs when the model is converted (models/manifest.json `extraOutputs`).
 *
 * Three views, 704 numbers each: the whole frame squeezed to 224² (the content classifier's own
 * view: the scene, the light, the colour) and the central 224² of the picture at 512 px long side
 * (APPEARANCE_CROP_SCALE_PX), where grain, blur and JPEG blocks are still at their own scale.
 * On the BIQ2021 half held out, the crop lifts the estimate's SRCC by about 0.025.
 *
 * These two views are the appearance features' own and the weights are fitted to them: the
 * whole-frame run is shared with the content classifier's first view (content.analyzer.ts), so if
 * the classifier's views change, the whole frame squeezed to 224² must still be run for these
 * features (or the weights refitted by bench/iqa/fit-score.ts). More views were measured and not
 * kept: the mean over the whole frame, its mirror and its central 90 % (the classifier's three
 * views) lifts the cross-validated SRCC by 0.005; the mean over five 224² crops at 512 px (centre
 * and corners) with those three by 0.013, for four more model runs (≈ 55 ms CPU per photo); a
 * third view, the central 224² at 384 px, by 0.005 (the score's by 0.003) for one more run.
 */
export const APPEARANCE_LAYERS = ['block_5_add', 'block_9_add', 'block_12_add', 'block_15_add'] as const;
export const APPEARANCE_VIEW_LENGTH = 2 * (32 + 64 + 96 + 160);
export const APPEARANCE_LENGTH = 3 * APPEARANCE_VIEW_LENGTH;
export const APPEARANCE_CROP_SCALE_PX = 512;
const CROP_SIZE = 224;

/**
 * The third view: the whole frame squeezed to 448², twice the classifier's scale, through the
 * same weights' convolutional trunk converted for that size (models/manifest.json
 * `nsfwjs-mobilenet-v2-448`, its classifier head cut: 56², 28², 28² and 14² cells). Fitted as
 * part of the same appearance model, it lifts the estimate's cross-validated SRCC in the BIQ2021
 * fitting half by 0.011 (0.008 on average over five random fold splits, never under 0.006), and
 * the held-out half's by 0.020, for one run costing three times a 224² classifier run (≈ 70 ms CPU
 * with its resize and pooling on a quiet machine: bench/appearance-cost.ts, README); at 336² the
 * gain was about half.
 */
export const APPEARANCE_WIDE_MODEL_ID = 'nsfwjs-mobilenet-v2-448';
export const APPEARANCE_WIDE_SIZE_PX = 448;

/** The whole frame squeezed to 448² (no letterbox), as the classifier squeezes it to 224². */
export function appearanceWide(working: RawImage): Promise<RawImage> {
  return resizeRaw(working, { width: APPEARANCE_WIDE_SIZE_PX, height: APPEARANCE_WIDE_SIZE_PX, fit: 'fill' }, true);
}

/** The central 224² of the picture at 512 px long side (a picture whose short side is then under 224 px is enlarged to 224). */
export async function appearanceCrop(working: RawImage): Promise<RawImage> {
  let scaled = await resizeRaw(working, { longSide: APPEARANCE_CROP_SCALE_PX });
  const shortSide = Math.min(scaled.width, scaled.height);
  if (shortSide < CROP_SIZE) {
    const factor = CROP_SIZE / shortSide;
    scaled = await resizeRaw(scaled, { width: Math.max(CROP_SIZE, Math.round(scaled.width * factor)), height: Math.max(CROP_SIZE, Math.round(scaled.height * factor)), fit: 'fill' }, true);
  }
  const box = { left: Math.floor((scaled.width - CROP_SIZE) / 2), top: Math.floor((scaled.height - CROP_SIZE) / 2), width: CROP_SIZE, height: CROP_SIZE };
  return { data: cropInterleaved(scaled.data, scaled.width, 3, box, (length) => Buffer.alloc(length)), width: CROP_SIZE, height: CROP_SIZE, channels: 3 };
}

/** One view's 704 numbers: mean then standard deviation of each channel of each layer (NHWC), in APPEARANCE_LAYERS order; null when a layer is missing. */
export function poolAppearance(outputs: ModelOutputs): number[] | null {
  const features: number[] = [];
  for (const layer of APPEARANCE_LAYERS) {
    const output = outputs[layer];
    if (!output) return null;
    const channels = Number(output.dims[output.dims.length - 1]);
    const cells = output.data.length / channels;
    const sums = new Float64Array(channels);
    const squares = new Float64Array(channels);
    for (let index = 0; index < output.data.length; index++) {
      const value = output.data[index]!;
      sums[index % channels]! += value;
      squares[index % channels]! += value * value;
    }
    const means = Array.from(sums, (sum) => sum / cells);
    features.push(...means, ...Array.from(squares, (square, channel) => Math.sqrt(Math.max(0, square / cells - means[channel]! ** 2))));
  }
  return features.length === APPEARANCE_VIEW_LENGTH ? features : null;
}
