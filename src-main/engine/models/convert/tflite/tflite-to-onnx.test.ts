import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../../../test-support/corpus.js';
import { extractFaceMeshModel } from './face-mesh-assets.js';
import { convertTfliteToOnnx, type ConvertedModel } from './tflite-to-onnx.js';
import { readTfliteModel, type TfliteOperator, type TfliteSubgraph } from './tflite-reader.js';
import { float16ToFloat32, tensorFloatData, tensorInt32Data } from './tflite-tensor-data.js';
import { seededSigned } from '../../../seeded-random.js';

const faceDetectionFolder = path.dirname(createRequire(import.meta.url).resolve('@mediapipe/face_detection/package.json'));
const selfieSegmentationFolder = path.dirname(createRequire(import.meta.url).resolve('@mediapipe/selfie_segmentation/package.json'));

const MODELS = {
  shortRange: () => new Uint8Array(readFileSync(path.join(faceDetectionFolder, 'face_detection_short_range.tflite'))),
  fullRange: () => new Uint8Array(readFileSync(path.join(faceDetectionFolder, 'face_detection_full_range.tflite'))),
  faceLandmark: () => extractFaceMeshModel('face_landmark.tflite'),
  // HARD_SWISH and MediaPipe's custom Convolution2DTransposeBias (the mask's last layer).
  selfieSegmentation: () => new Uint8Array(readFileSync(path.join(selfieSegmentationFolder, 'selfie_segmentation.tflite'))),
};

type ModelKey = keyof typeof MODELS;

const EXPECTED: Record<ModelKey, { input: [string, number[]]; outputs: Array<[string, number[]]> }> = {
  shortRange: { input: ['input', [1, 128, 128, 3]], outputs: [['regressors', [1, 896, 16]], ['classificators', [1, 896, 1]]] },
  fullRange: {
    input: ['input', [1, 192, 192, 3]],
    outputs: [['reshaped_regressor_face_4', [1, 2304, 16]], ['reshaped_classifier_face_4', [1, 2304, 1]]],
  },
  // 468 landmarks × (x, y, z) and the face-presence logit.
  faceLandmark: { input: ['input_1', [1, 192, 192, 3]], outputs: [['conv2d_21', [1, 1, 1, 1404]], ['conv2d_31', [1, 1, 1, 1]]] },
  selfieSegmentation: { input: ['input_1', [1, 256, 256, 3]], outputs: [['activation_10', [1, 256, 256, 1]]] },
};

async function runOnnx(model: ConvertedModel, input: Float32Array): Promise<Record<string, Float32Array>> {
  const session = await InferenceSession.create(model.onnx);
  try {
    const spec = model.inputs[0]!;
    const results = await session.run({ [spec.name]: new Tensor('float32', input, spec.shape) });
    return Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, tensor.data as Float32Array]));
  } finally {
    await session.release();
  }
}

/** Deterministic values in [-1, 1). */
function pseudoRandomInput(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, seededSigned(seed));
}

// ---------------------------------------------------------------------------------------------
// Reference: a plain NHWC interpreter, loop by loop as the TFLite reference kernels compute, with
// no layout tricks. It shares only the flatbuffer reader with the converter.
// ---------------------------------------------------------------------------------------------

type Nhwc = { shape: number[]; data: Float32Array };

const size = (shape: number[]): number => shape.reduce((product, dim) => product * dim, 1);

function samePadding(padding: string, inSize: number, filter: number, stride: number, dilation: number): number {
  if (padding === 'VALID') return 0;
  const outSize = Math.ceil(inSize / stride);
  const total = Math.max(0, (outSize - 1) * stride + (filter - 1) * dilation + 1 - inSize);
  return Math.floor(total / 2);
}

function activate(value: number, activation: string): number {
  if (activation === 'RELU') return Math.max(0, value);
  if (activation === 'RELU6') return Math.min(6, Math.max(0, value));
  if (activation === 'RELU_N1_TO_1') return Math.min(1, Math.max(-1, value));
  if (activation === 'TANH') return Math.tanh(value);
  return value;
}

/** Numpy broadcasting of two tensors through `f`. */
function broadcast(a: Nhwc, b: Nhwc, f: (x: number, y: number) => number): Nhwc {
  const rank = Math.max(a.shape.length, b.shape.length);
  const as = [...new Array<number>(rank - a.shape.length).fill(1), ...a.shape];
  const bs = [...new Array<number>(rank - b.shape.length).fill(1), ...b.shape];
  const shape = as.map((dim, i) => Math.max(dim, bs[i]!));
  const out = new Float32Array(size(shape));
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let rest = o;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis] = rest % shape[axis]!;
      rest = Math.floor(rest / shape[axis]!);
    }
    let ai = 0;
    let bi = 0;
    for (let axis = 0; axis < rank; axis++) {
      ai = ai * as[axis]! + (as[axis] === 1 ? 0 : index[axis]!);
      bi = bi * bs[axis]! + (bs[axis] === 1 ? 0 : index[axis]!);
    }
    out[o] = f(a.data[ai]!, b.data[bi]!);
  }
  return { shape, data: out };
}

function referenceOp(op: TfliteOperator, get: (i: number) => Nhwc, outShape: number[]): Nhwc {
  const options = op.options as Record<string, unknown>;
  const act = (options['fusedActivation'] as string | undefined) ?? 'NONE';
  const x = get(op.inputs[0]!);
  const out = new Float32Array(size(outShape));
  const [, outH = 1, outW = 1, outC = 1] = outShape;
  switch (op.opName) {
    case 'DEQUANTIZE':
      return x;
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D': {
      const depthwise = op.opName === 'DEPTHWISE_CONV_2D';
      const [batch, inH, inW, inC] = x.shape as [number, number, number, number];
      const filter = get(op.inputs[1]!);
      const [, kH, kW, filterC] = filter.shape as [number, number, number, number];
      const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? get(op.inputs[2]).data : new Float32Array(outC);
      const [sH, sW, dH, dW] = ['strideH', 'strideW', 'dilationH', 'dilationW'].map((key) => options[key] as number) as [number, number, number, number];
      const padTop = samePadding(options['padding'] as string, inH, kH, sH, dH);
      const padLeft = samePadding(options['padding'] as string, inW, kW, sW, dW);
      const multiplier = outC / inC;
      for (let b = 0; b < batch; b++)
        for (let oy = 0; oy < outH; oy++)
          for (let ox = 0; ox < outW; ox++)
            for (let oc = 0; oc < outC; oc++) {
              let sum = bias[oc]!;
              for (let ky = 0; ky < kH; ky++)
                for (let kx = 0; kx < kW; kx++) {
                  const iy = oy * sH + ky * dH - padTop;
                  const ix = ox * sW + kx * dW - padLeft;
                  if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                  if (depthwise) {
                    const ic = Math.floor(oc / multiplier);
                    sum += x.data[((b * inH + iy) * inW + ix) * inC + ic]! * filter.data[(ky * kW + kx) * outC + oc]!;
                  } else {
                    for (let ic = 0; ic < filterC; ic++) {
                      sum += x.data[((b * inH + iy) * inW + ix) * inC + ic]! * filter.data[((oc * kH + ky) * kW + kx) * filterC + ic]!;
                    }
                  }
                }
              out[((b * outH + oy) * outW + ox) * outC + oc] = activate(sum, act);
            }
      return { shape: outShape, data: out };
    }
    case 'MAX_POOL_2D':
    case 'AVERAGE_POOL_2D': {
      const [batch, inH, inW, channels] = x.shape as [number, number, number, number];
      const [sH, sW, fH, fW] = ['strideH', 'strideW', 'filterHeight', 'filterWidth'].map((key) => options[key] as number) as [number, number, number, number];
      const padTop = samePadding(options['padding'] as string, inH, fH, sH, 1);
      const padLeft = samePadding(options['padding'] as string, inW, fW, sW, 1);
      for (let b = 0; b < batch; b++)
        for (let oy = 0; oy < outH; oy++)
          for (let ox = 0; ox < outW; ox++)
            for (let c = 0; c < channels; c++) {
              let max = -Infinity;
              let sum = 0;
              let count = 0;
              for (let ky = 0; ky < fH; ky++)
                for (let kx = 0; kx < fW; kx++) {
                  const iy = oy * sH + ky - padTop;
                  const ix = ox * sW + kx - padLeft;
                  if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                  const value = x.data[((b * inH + iy) * inW + ix) * channels + c]!;
                  max = Math.max(max, value);
                  sum += value;
                  count++;
                }
              out[((b * outH + oy) * outW + ox) * channels + c] = activate(op.opName === 'MAX_POOL_2D' ? max : sum / count, act);
            }
      return { shape: outShape, data: out };
    }
    case 'ADD':
      return broadcast(x, get(op.inputs[1]!), (a, b) => activate(a + b, act));
    case 'MUL':
      return broadcast(x, get(op.inputs[1]!), (a, b) => activate(a * b, act));
    case 'PRELU':
      return broadcast(x, get(op.inputs[1]!), (a, alpha) => (a >= 0 ? a : a * alpha));
    case 'RELU':
    case 'RELU6':
    case 'TANH':
      return { shape: outShape, data: x.data.map((value) => activate(value, op.opName)) };
    case 'LOGISTIC':
      return { shape: outShape, data: x.data.map((value) => 1 / (1 + Math.exp(-value))) };
    case 'HARD_SWISH':
      return { shape: outShape, data: x.data.map((value) => (value * Math.min(6, Math.max(0, value + 3))) / 6) };
    case 'CUSTOM(Convolution2DTransposeBias)': {
      // MediaPipe's transpose_conv_bias kernel: every input pixel scatters its kernel-sized patch.
      const params = new DataView(op.customOptions!.buffer, op.customOptions!.byteOffset, 12);
      const [strideW, strideH] = [params.getInt32(4, true), params.getInt32(8, true)];
      const [batch, inH, inW, inC] = x.shape as [number, number, number, number];
      const filter = get(op.inputs[1]!);
      const bias = get(op.inputs[2]!).data;
      const [, kH, kW] = filter.shape as [number, number, number, number];
      const padTop = Math.floor(Math.max(0, (inH - 1) * strideH + kH - outH) / 2);
      const padLeft = Math.floor(Math.max(0, (inW - 1) * strideW + kW - outW) / 2);
      for (let b = 0; b < batch; b++)
        for (let iy = 0; iy < inH; iy++)
          for (let ix = 0; ix < inW; ix++)
            for (let ky = 0; ky < kH; ky++)
              for (let kx = 0; kx < kW; kx++) {
                const oy = iy * strideH + ky - padTop;
                const ox = ix * strideW + kx - padLeft;
                if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
                for (let oc = 0; oc < outC; oc++) {
                  let sum = 0;
                  for (let ic = 0; ic < inC; ic++) sum += x.data[((b * inH + iy) * inW + ix) * inC + ic]! * filter.data[((oc * kH + ky) * kW + kx) * inC + ic]!;
                  out[((b * outH + oy) * outW + ox) * outC + oc]! += sum;
                }
              }
      for (let i = 0; i < out.length; i++) out[i]! += bias[i % outC]!;
      return { shape: outShape, data: out };
    }
    case 'RESHAPE':
      return { shape: outShape, data: x.data };
    case 'PAD': {
      const paddings = get(op.inputs[1]!).data;
      const [batch, inH, inW, inC] = x.shape as [number, number, number, number];
      for (let b = 0; b < batch; b++)
        for (let y = 0; y < inH; y++)
          for (let w = 0; w < inW; w++)
            for (let c = 0; c < inC; c++) {
              const ob = b + paddings[0]!;
              const oy = y + paddings[2]!;
              const ow = w + paddings[4]!;
              const oc = c + paddings[6]!;
              out[((ob * outH + oy) * outW + ow) * outC + oc] = x.data[((b * inH + y) * inW + w) * inC + c]!;
            }
      return { shape: outShape, data: out };
    }
    case 'CONCATENATION': {
      const axis = (options['axis'] as number) < 0 ? (options['axis'] as number) + outShape.length : (options['axis'] as number);
      const outer = size(outShape.slice(0, axis));
      let offset = 0;
      const outRow = size(outShape.slice(axis));
      for (const index of op.inputs) {
        const part = get(index);
        const row = size(part.shape.slice(axis));
        for (let o = 0; o < outer; o++) for (let i = 0; i < row; i++) out[o * outRow + offset + i] = activate(part.data[o * row + i]!, act);
        offset += row;
      }
      return { shape: outShape, data: out };
    }
    case 'RESIZE_BILINEAR': {
      // tensorflow/lite/kernels/internal/reference/reference_ops.h ResizeBilinear.
      const [batch, inH, inW, channels] = x.shape as [number, number, number, number];
      const alignCorners = options['alignCorners'] as boolean;
      const halfPixel = options['halfPixelCenters'] as boolean;
      const scaleY = alignCorners && outH > 1 ? (inH - 1) / (outH - 1) : inH / outH;
      const scaleX = alignCorners && outW > 1 ? (inW - 1) / (outW - 1) : inW / outW;
      const locate = (value: number, scale: number, inSize: number): [number, number, number] => {
        const scaled = halfPixel ? (value + 0.5) * scale - 0.5 : value * scale;
        return [scaled, Math.max(Math.floor(scaled), 0), Math.min(Math.ceil(scaled), inSize - 1)];
      };
      for (let b = 0; b < batch; b++)
        for (let y = 0; y < outH; y++) {
          const [iy, y0, y1] = locate(y, scaleY, inH);
          for (let w = 0; w < outW; w++) {
            const [ix, x0, x1] = locate(w, scaleX, inW);
            for (let c = 0; c < channels; c++) {
              const at = (yy: number, xx: number): number => x.data[((b * inH + yy) * inW + xx) * channels + c]!;
              out[((b * outH + y) * outW + w) * channels + c] =
                at(y0, x0) * (1 - (iy - y0)) * (1 - (ix - x0)) +
                at(y1, x0) * (iy - y0) * (1 - (ix - x0)) +
                at(y0, x1) * (1 - (iy - y0)) * (ix - x0) +
                at(y1, x1) * (iy - y0) * (ix - x0);
            }
          }
        }
      return { shape: outShape, data: out };
    }
    default:
      throw new Error(`reference interpreter: no ${op.opName}`);
  }
}

function runReference(tflite: Uint8Array, input: Float32Array): Record<string, Float32Array> {
  const subgraph: TfliteSubgraph = readTfliteModel(tflite).subgraphs[0]!;
  const values = new Map<number, Nhwc>([[subgraph.inputs[0]!, { shape: subgraph.tensors[subgraph.inputs[0]!]!.shape, data: input }]]);
  const get = (index: number): Nhwc => {
    const known = values.get(index);
    if (known) return known;
    const tensor = subgraph.tensors[index]!;
    const data = tensor.type === 'int32' ? Float32Array.from(tensorInt32Data(tensor)!) : tensorFloatData(tensor);
    if (data === null) throw new Error(`reference: ${tensor.name} not computed`);
    return { shape: tensor.shape, data };
  };
  for (const op of subgraph.operators) {
    const output = op.outputs[0]!;
    values.set(output, referenceOp(op, get, subgraph.tensors[output]!.shape));
  }
  return Object.fromEntries(subgraph.outputs.map((index) => [subgraph.tensors[index]!.name, get(index).data]));
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

// ---------------------------------------------------------------------------------------------

describe('tflite reader', () => {
  it('widens float16 exactly', () => {
    expect([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x0000, 0x8000].map(float16ToFloat32)).toEqual([1, -2, 0.5, 65504, 2 ** -24, 0, -0]);
  });

  it('lists the operators MediaPipe’s models use', () => {
    const ops = (bytes: Uint8Array): string[] => [...new Set(readTfliteModel(bytes).subgraphs[0]!.operators.map((op) => op.opName))].sort();
    expect(ops(MODELS.shortRange())).toEqual(['ADD', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEQUANTIZE', 'MAX_POOL_2D', 'PAD', 'RELU', 'RESHAPE']);
    expect(ops(MODELS.fullRange())).toEqual(['ADD', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEQUANTIZE', 'MAX_POOL_2D', 'PAD', 'RELU', 'RESHAPE', 'RESIZE_BILINEAR']);
    expect(ops(MODELS.faceLandmark())).toEqual(['ADD', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEQUANTIZE', 'MAX_POOL_2D', 'PAD', 'PRELU']);
    expect(ops(MODELS.selfieSegmentation())).toEqual([
      'ADD', 'AVERAGE_POOL_2D', 'CONV_2D', 'CUSTOM(Convolution2DTransposeBias)', 'DEPTHWISE_CONV_2D', 'DEQUANTIZE', 'HARD_SWISH', 'LOGISTIC', 'MUL', 'RELU', 'RESIZE_BILINEAR',
    ]);
  });
});

describe('convertTfliteToOnnx', () => {
  const converted = {} as Record<ModelKey, ConvertedModel>;
  beforeAll(() => {
    for (const key of Object.keys(MODELS) as ModelKey[]) converted[key] = convertTfliteToOnnx(MODELS[key](), { name: key });
  });

  it.each(Object.keys(MODELS) as ModelKey[])('%s keeps the TFLite interface and loads in onnxruntime', async (key) => {
    const model = converted[key];
    const expected = EXPECTED[key];
    expect(model.inputs).toEqual([{ name: expected.input[0], shape: expected.input[1], type: 'float32' }]);
    expect(model.outputs).toEqual(expected.outputs.map(([name, shape]) => ({ name, shape, type: 'float32' })));

    const session = await InferenceSession.create(model.onnx);
    expect(session.inputNames).toEqual([expected.input[0]]);
    expect(session.outputNames).toEqual(expected.outputs.map(([name]) => name));
    const results = await session.run({ [expected.input[0]]: new Tensor('float32', new Float32Array(size(expected.input[1])), expected.input[1]) });
    for (const [name, shape] of expected.outputs) expect(results[name]!.dims).toEqual(shape);
    await session.release();
  });

  it.each(Object.keys(MODELS) as ModelKey[])('%s computes what a plain NHWC interpreter computes', async (key) => {
    const input = pseudoRandomInput(size(EXPECTED[key].input[1]), 1234);
    const onnx = await runOnnx(converted[key], input);
    const reference = runReference(MODELS[key](), input);
    for (const [name] of EXPECTED[key].outputs) {
      const difference = maxAbsDifference(onnx[name]!, reference[name]!);
      console.log(`${key} ${name}: max |onnx − reference| = ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-3);
    }
  });

  it('writes the face mesh’s per-channel PReLUs as depthwise 1×1 convolutions and ReLUs (no PRelu node; values checked against the interpreter above)', async () => {
    const { onnx } = (await import('onnx-proto')).default;
    const ops = onnx.ModelProto.decode(converted.faceLandmark.onnx).graph!.node!.map((node) => node.opType);
    expect(ops).not.toContain('PRelu');
    expect(ops.filter((op) => op === 'Relu')).toHaveLength(2 * 23);
  });

  it('writes full-range BlazeFace’s channel-padded residual sums as split convolutions and a Concat (no Pad; values checked against the interpreter above)', async () => {
    const { onnx } = (await import('onnx-proto')).default;
    const ops = onnx.ModelProto.decode(converted.fullRange.onnx).graph!.node!.map((node) => node.opType);
    // Its 8 PADs all widen a residual branch by whole blocks of channels (32 + 16 … 256 + 128).
    expect(ops).not.toContain('Pad');
    expect(ops.filter((op) => op === 'Concat')).toHaveLength(8);
    // Short-range widens by 4 or 6 channels up to 48: those blocks keep their Pad.
    const shortOps = onnx.ModelProto.decode(converted.shortRange.onnx).graph!.node!.map((node) => node.opType);
    expect(shortOps.filter((op) => op === 'Pad').length).toBeGreaterThan(0);
  });

  it('converts in well under a second', () => {
    const bytes = MODELS.faceLandmark();
    const started = performance.now();
    convertTfliteToOnnx(bytes);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('names the operator it cannot convert', () => {
    expect(() => convertTfliteToOnnx(extractFaceMeshModel('face_landmark_with_attention.tflite'))).toThrow(/CUSTOM\(Landmarks2TransformMatrix\)/);
  });

  it('refuses bytes that are not a TFLite model', () => {
    expect(() => convertTfliteToOnnx(new Uint8Array(64))).toThrow(/not a TFLite model/);
  });

  describe('short-range BlazeFace on real pixels', () => {
    const bestScore = async (rgb: Uint8Array): Promise<number> => {
      const input = Float32Array.from(rgb, (value) => (value - 127.5) / 127.5);
      const { classificators } = await runOnnx(converted.shortRange, input);
      const best = Math.max(...classificators!);
      return 1 / (1 + Math.exp(-best));
    };

    it('finds the face in a crop around it', async () => {
      // obama.jpg is 910 × 1137; the face sits in the upper middle.
      const { data, info } = await sharp(corpusFile('faces', 'obama.jpg'))
        .extract({ left: 190, top: 0, width: 600, height: 600 })
        .resize(128, 128, { fit: 'fill' })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([128, 128, 3]);
      expect(await bestScore(data)).toBeGreaterThan(0.75);
    });

    it('finds no face in flat grey', async () => {
      expect(await bestScore(new Uint8Array(128 * 128 * 3).fill(128))).toBeLessThan(0.3);
    });
  });
});

describe('convertTfliteToOnnx with chosen outputs', () => {
  const poseFolder = path.dirname(createRequire(import.meta.url).resolve('@mediapipe/pose/package.json'));
  const pose = (): Uint8Array => new Uint8Array(readFileSync(path.join(poseFolder, 'pose_landmark_lite.tflite')));

  it('leaves out the outputs not asked for and what only they need, and computes the kept ones the same', async () => {
    const whole = convertTfliteToOnnx(pose());
    const kept = convertTfliteToOnnx(pose(), { outputs: ['Identity', 'Identity_1'] });
    expect(whole.outputs.map((output) => output.name)).toEqual(['Identity', 'Identity_1', 'Identity_2', 'Identity_3', 'Identity_4']);
    expect(kept.outputs).toEqual([
      { name: 'Identity', shape: [1, 195], type: 'float32' },
      { name: 'Identity_1', shape: [1, 1], type: 'float32' },
    ]);
    // The 256² segmentation head and the heatmaps are most of the graph's bytes of work, not of weights.
    expect(kept.onnx.length).toBeLessThan(whole.onnx.length);
    const input = pseudoRandomInput(256 * 256 * 3, 77).map((value) => (value + 1) / 2);
    const [all, some] = [await runOnnx(whole, input), await runOnnx(kept, input)];
    expect(Object.keys(some).sort()).toEqual(['Identity', 'Identity_1']);
    expect(maxAbsDifference(some['Identity']!, all['Identity']!)).toBe(0);
    expect(maxAbsDifference(some['Identity_1']!, all['Identity_1']!)).toBe(0);
  });

  it('names the outputs the model has when asked for one it has not', () => {
    expect(() => convertTfliteToOnnx(pose(), { outputs: ['landmarks'] })).toThrow(/no output "landmarks" \(its outputs: Identity, Identity_1, Identity_2, Identity_3, Identity_4\)/);
  });
});
