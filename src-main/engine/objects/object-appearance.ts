import { manifestEntry } from '../models/model-manifest.js';
import type { ModelOutputs } from '../models/ort-session-factory.js';
import { NANODET_INPUT } from './nanodet-decode.js';

/**
 * The object detector's view of the picture, for the whole-photo quality estimate
 * (scoring/image-quality.ts), at no extra model run: NanoDet's ShuffleNetV2 backbone (ImageNet,
 * then COCO) sees the frame at 416², twice the content classifier's 224², and its three stage
 * outputs (strides 8, 16 and 32: 52², 26² and 13² cells of 128, 256 and 512 channels) are kept
 * as extra outputs at conversion (models/manifest.json `extraOutputs`). Each channel is pooled
 * into its standard deviation over the cells that fall on the picture (not the letterbox's black
 * bars, whose share changes with the aspect ratio): 896 numbers.
 *
 * Only the deviations: on the BIQ2021 fitting half, added to the content model's appearance they
 * lift the estimate's cross-validated SRCC by 0.011 on average over eight random fold
 * assignments (never below +0.004); the means, the feature-pyramid levels and the detections
 * themselves (people, their size, the best score) gained less or lost (README, "tried and not
 * kept").
 */
export const OBJECT_APPEARANCE_CHANNELS = [128, 256, 512] as const;
export const OBJECT_APPEARANCE_LENGTH = OBJECT_APPEARANCE_CHANNELS.reduce((sum, channels) => sum + channels, 0);

/** Where the frame sits in the 416² input (pixels). */
export type FrameInInput = { left: number; top: number; width: number; height: number };

/** The 896 deviations, in the manifest's extraOutputs order; null when an output is missing or not the expected shape. */
export function poolObjectAppearance(outputs: ModelOutputs, frame: FrameInInput): number[] | null {
  const layers = manifestEntry('nanodet-m').conversion.extraOutputs ?? [];
  if (layers.length !== OBJECT_APPEARANCE_CHANNELS.length) return null;
  const features: number[] = [];
  for (const [index, layer] of layers.entries()) {
    const output = outputs[layer];
    const channels = OBJECT_APPEARANCE_CHANNELS[index]!;
    // Planar, as the PyTorch-exported graph computes them: [1, C, H, W].
    if (!output || output.dims.length !== 4 || Number(output.dims[1]) !== channels) return null;
    const height = Number(output.dims[2]);
    const width = Number(output.dims[3]);
    const rows = cellsOnFrame(height, frame.top, frame.height);
    const columns = cellsOnFrame(width, frame.left, frame.width);
    const cells = (rows[1] - rows[0]) * (columns[1] - columns[0]);
    if (cells <= 0) return null;
    for (let channel = 0; channel < channels; channel++) {
      let sum = 0;
      let squares = 0;
      for (let y = rows[0]; y < rows[1]; y++) {
        for (let x = columns[0], at = (channel * height + y) * width + columns[0]; x < columns[1]; x++, at++) {
          const value = output.data[at]!;
          sum += value;
          squares += value * value;
        }
      }
      const mean = sum / cells;
      features.push(Math.sqrt(Math.max(0, squares / cells - mean * mean)));
    }
  }
  return features;
}

/** The cells [from, to) along one axis of `count` whose centres fall on the frame's [start, start + length] in input pixels. */
function cellsOnFrame(count: number, start: number, length: number): [number, number] {
  const size = NANODET_INPUT / count;
  const from = Math.max(0, Math.ceil(start / size - 0.5));
  const to = Math.min(count, Math.floor((start + length) / size - 0.5) + 1);
  return [from, to];
}
