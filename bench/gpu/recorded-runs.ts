/**
 * The file format shared by record-model-runs.ts (which writes it, on a machine with the whole
 * engine) and replay-model-runs.ts (which reads it, on a GPU machine that has only Node and
 * onnxruntime-node): every model run the engine made while rating a few photos, with its exact
 * input, so that providers can be compared on the work a real shoot asks of them.
 *
 * Inputs are stored as bytes where they are an affine image of 8-bit pixels (what the manifest's
 * mean and std make of a resized photo), which is exact and a quarter of the size; otherwise as
 * float32. Layout of the folder:
 *   runs.json   { photos: string[], models: Record<id, { file, shape, mean, std, layout }>, runs: RecordedRun[] }
 *   runs.bin    the inputs, back to back
 *   <id>.onnx   each model as the engine ran it (converted, from the model cache)
 */
export type InputEncoding = 'u8' | 'f32';

export type RecordedRun = {
  /** Index into `photos`. */
  photo: number;
  model: string;
  encoding: InputEncoding;
  /** Byte offset and length in runs.bin. */
  offset: number;
  bytes: number;
};

export type RecordedModel = {
  file: string;
  shape: number[];
  layout: 'NHWC' | 'NCHW';
  /** Per channel (one entry repeated for a scalar mean/std in the manifest). */
  mean: [number, number, number];
  std: [number, number, number];
};

export type RecordedRuns = { photos: string[]; models: Record<string, RecordedModel>; runs: RecordedRun[] };

/** Which channel value i of the input belongs to. */
function channelOf(model: RecordedModel, index: number, length: number): number {
  return model.layout === 'NHWC' ? index % 3 : Math.floor(index / (length / 3));
}

/** The input as bytes when every value is (byte − mean) / std for its channel, else null. */
export function asBytes(model: RecordedModel, input: Float32Array): Uint8Array | null {
  const bytes = new Uint8Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const channel = channelOf(model, i, input.length);
    const value = input[i]! * model.std[channel]! + model.mean[channel]!;
    const rounded = Math.round(value);
    if (rounded < 0 || rounded > 255 || Math.abs(value - rounded) > 1e-3) return null;
    bytes[i] = rounded;
  }
  return bytes;
}

/** The float input back from its stored bytes (the same arithmetic as the engine's fill). */
export function inputOf(model: RecordedModel, run: RecordedRun, file: Uint8Array): Float32Array {
  const stored = file.subarray(run.offset, run.offset + run.bytes);
  if (run.encoding === 'f32') return new Float32Array(stored.slice().buffer);
  const input = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const channel = channelOf(model, i, stored.length);
    input[i] = (stored[i]! - model.mean[channel]!) / model.std[channel]!;
  }
  return input;
}
