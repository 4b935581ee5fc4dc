import { describe, expect, it } from 'vitest';
import { spatialPadding, transposeData } from './layout-math.js';

describe('spatialPadding', () => {
  it('puts the odd pixel of SAME padding after, as TensorFlow does', () => {
    // MobileNet's stride-2 3×3 convolutions on 224: TF pads 0 before and 1 after, giving 112.
    expect(spatialPadding(224, 3, 2, 1, { kind: 'same' }, 0)).toEqual([0, 1, 112]);
    expect(spatialPadding(15, 4, 2, 1, { kind: 'same' }, 0)).toEqual([1, 2, 8]);
    // Dilation 2 makes a 3-tap kernel span 5 pixels.
    expect(spatialPadding(4, 3, 1, 2, { kind: 'same' }, 1)).toEqual([2, 2, 4]);
    expect(spatialPadding(7, 7, 1, 1, { kind: 'valid' }, 0)).toEqual([0, 0, 1]);
    expect(spatialPadding(4, 3, 1, 1, { kind: 'explicit', height: [1, 0], width: [0, 2] }, 1)).toEqual([0, 2, 4]);
  });
});

describe('transposeData', () => {
  it('moves axis perm[i] of the input to axis i of the output', () => {
    // [2, 3] → [3, 2]
    expect(Array.from(transposeData(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0]))).toEqual([1, 4, 2, 5, 3, 6]);
    // NHWC [1, 1, 2, 3] → NCHW [1, 3, 1, 2]
    expect(Array.from(transposeData(Int32Array.from([1, 2, 3, 4, 5, 6]), [1, 1, 2, 3], [0, 3, 1, 2]))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
