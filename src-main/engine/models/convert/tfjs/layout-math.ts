/**
 * Shape and layout arithmetic for the TF.js → ONNX lowering, kept free of ONNX so it reads (and is
 * checked) against TensorFlow's own definitions.
 */
export type Padding = { kind: 'same' } | { kind: 'valid' } | { kind: 'explicit'; height: [number, number]; width: [number, number] };

export function product(dims: number[]): number {
  return dims.reduce((total, dim) => total * dim, 1);
}

/** `data` (row-major, `shape`) transposed by `perm`: the result's axis i is the input's axis perm[i]. */
export function transposeData<T extends Float32Array | Int32Array>(data: T, shape: number[], perm: number[]): T {
  const outShape = perm.map((axis) => shape[axis]!);
  const inStrides = shape.map((_, axis) => product(shape.slice(axis + 1)));
  const result = new (data.constructor as new (length: number) => T)(data.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let out = 0; out < data.length; out += 1) {
    let source = 0;
    for (let axis = 0; axis < perm.length; axis += 1) source += index[axis]! * inStrides[perm[axis]!]!;
    result[out] = data[source]!;
    for (let axis = perm.length - 1; axis >= 0; axis -= 1) {
      index[axis]! += 1;
      if (index[axis]! < outShape[axis]!) break;
      index[axis] = 0;
    }
  }
  return result;
}

/** One spatial axis under TensorFlow's padding rules: pads before/after and the output size. */
export function spatialPadding(size: number, kernel: number, stride: number, dilation: number, padding: Padding, axis: 0 | 1): [number, number, number] {
  const effective = (kernel - 1) * dilation + 1;
  if (size < 0) throw new Error('SAME/VALID padding needs static spatial dimensions');
  switch (padding.kind) {
    case 'same': {
      // tensorflow/core/framework/kernel_shape_util.cc GetWindowedOutputSizeVerbose: the odd pixel
      // goes after (bottom/right).
      const out = Math.ceil(size / stride);
      const total = Math.max((out - 1) * stride + effective - size, 0);
      const before = Math.floor(total / 2);
      return [before, total - before, out];
    }
    case 'valid':
      return [0, 0, Math.floor((size - effective) / stride) + 1];
    case 'explicit': {
      const [before, after] = axis === 0 ? padding.height : padding.width;
      return [before, after, Math.floor((size + before + after - effective) / stride) + 1];
    }
  }
}

export function broadcastShapes(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const result: number[] = [];
  for (let index = 0; index < rank; index += 1) {
    const x = a[a.length - rank + index] ?? 1;
    const y = b[b.length - rank + index] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    result.push(x === 1 ? y : x);
  }
  return result;
}

export function normalizeAxis(axis: number, rank: number): number {
  const normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= rank) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return normalized;
}
