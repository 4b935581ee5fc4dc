/**
 * The arithmetic of moving between TFLite's NHWC and ONNX's NCHW, done once on constants at
 * conversion time so that the converted graph carries no run-time transposes for weights.
 */
export type Layout = 'nhwc' | 'nchw';

/** Transpose perm that takes an NHWC tensor to NCHW (NCHW dim i is NHWC dim perm[i]). */
export const NHWC_TO_NCHW = [0, 3, 1, 2] as const;
/** Transpose perm that takes an NCHW tensor back to NHWC. */
export const NCHW_TO_NHWC = [0, 2, 3, 1] as const;

/** Where NHWC axis `axis` of a rank-4 tensor sits once the tensor is NCHW. */
export function nchwAxis(axis: number): number {
  return NHWC_TO_NCHW.indexOf(axis as 0 | 1 | 2 | 3);
}

/** A dense row-major tensor transposed: output dim i is input dim perm[i]. */
export function permute(data: Float32Array, dims: readonly number[], perm: readonly number[]): Float32Array {
  const rank = dims.length;
  if (perm.length !== rank) throw new Error(`permute: perm [${perm.join(', ')}] for rank ${rank}`);
  const inputStrides = new Array<number>(rank).fill(1);
  for (let axis = rank - 2; axis >= 0; axis--) inputStrides[axis] = inputStrides[axis + 1]! * dims[axis + 1]!;
  const outputDims = perm.map((axis) => dims[axis]!);
  const strides = perm.map((axis) => inputStrides[axis]!);
  const output = new Float32Array(data.length);
  const counter = new Array<number>(rank).fill(0);
  let source = 0;
  for (let target = 0; target < output.length; target++) {
    output[target] = data[source]!;
    // Odometer over the output dims, moving the source offset by the matching input strides.
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++counter[axis]! < outputDims[axis]!) {
        source += strides[axis]!;
        break;
      }
      source -= strides[axis]! * (outputDims[axis]! - 1);
      counter[axis] = 0;
    }
  }
  return output;
}

/**
 * A constant that broadcasts against NHWC activations, rewritten to broadcast the same way against
 * NCHW ones: right-aligned to rank 4 (numpy rules), then transposed.
 */
export function broadcastConstantToNchw(data: Float32Array, dims: readonly number[]): { data: Float32Array; dims: number[] } {
  if (dims.length > 4) throw new Error(`a rank-${dims.length} constant cannot broadcast against an NCHW tensor`);
  const rank4 = [...new Array<number>(4 - dims.length).fill(1), ...dims];
  return { data: permute(data, rank4, NHWC_TO_NCHW), dims: NHWC_TO_NCHW.map((axis) => rank4[axis]!) };
}

/**
 * Begin and end padding of one spatial axis exactly as TFLite computes it
 * (tensorflow/lite/kernels/padding.h): SAME puts the odd pixel after, VALID pads nothing.
 */
export function tflitePadding(
  padding: 'SAME' | 'VALID',
  inputSize: number,
  filterSize: number,
  stride: number,
  dilation: number,
): { before: number; after: number; outputSize: number } {
  const effectiveFilter = (filterSize - 1) * dilation + 1;
  if (padding === 'VALID') {
    return { before: 0, after: 0, outputSize: Math.floor((inputSize - effectiveFilter + stride) / stride) };
  }
  const outputSize = Math.ceil(inputSize / stride);
  const total = Math.max(0, (outputSize - 1) * stride + effectiveFilter - inputSize);
  const before = Math.floor(total / 2);
  return { before, after: total - before, outputSize };
}
