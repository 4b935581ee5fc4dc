import type { ModelOutputs } from '../models/ort-session-factory.js';

/**
 * The content classifier's mid-level view of the picture, for the whole-photo quality estimate
 * (scoring/image-quality.ts): MobileNetV2's activations after blocks 5, 9, 12 and 15 (28², 14²,
 * 14² and 7² cells of 32, 64, 96 and 160 channels at 224 px), each channel pooled over the frame
 * into its mean and its standard deviation: 704 numbers. Texture, sharpness, noise and the kind of
 * scene live at these depths; the classifier's last layer only knows its five classes. The layers
 * are kept as extra outputs when the model is converted (models/manifest.json `extra_outputs`).
 */
export const APPEARANCE_LAYERS = ['block_5_add', 'block_9_add', 'block_12_add', 'block_15_add'] as const;
export const APPEARANCE_LENGTH = 2 * (32 + 64 + 96 + 160);

/** Mean then standard deviation of each channel of each layer (NHWC), in APPEARANCE_LAYERS order; null when a layer is missing. */
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
  return features.length === APPEARANCE_LENGTH ? features : null;
}
