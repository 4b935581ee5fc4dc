import { z } from 'zod';

/**
 * The TF.js model.json format (graph models and Keras layers models) and its weights: the schema
 * the converter checks a model file against at its door, and the decoding of the weight manifest
 * (including the uint8/uint16 affine and float16 quantisation the TF.js converter can apply),
 * computed exactly as tfjs-core's io_utils `decodeWeight` does so the weights match TF.js's bit for
 * bit.
 */
const quantizationSchema = z.looseObject({
  dtype: z.enum(['uint8', 'uint16', 'float16']),
  min: z.number().optional(),
  scale: z.number().optional(),
});

const weightSpecSchema = z.looseObject({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  quantization: quantizationSchema.optional(),
});

export const tfjsModelJsonSchema = z.looseObject({
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.looseObject({ paths: z.array(z.string()), weights: z.array(weightSpecSchema) })),
  userDefinedMetadata: z.record(z.string(), z.unknown()).optional(),
});

export type TfjsModelJson = z.infer<typeof tfjsModelJsonSchema>;
export type TfjsWeightSpec = z.infer<typeof weightSpecSchema>;

export type ConstTensor =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array };

const QUANTIZED_BYTES = { uint8: 1, uint16: 2, float16: 2 } as const;
const PLAIN_BYTES = { float32: 4, int32: 4, bool: 1 } as const;

function elementCount(shape: number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** IEEE 754 half → float, exact (every half is representable as a float32). */
function float16ToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function decodeWeight(spec: TfjsWeightSpec, bytes: Uint8Array): ConstTensor {
  const count = elementCount(spec.shape);
  const { quantization } = spec;
  if (quantization) {
    // Little-endian, as TF.js writes and reads them (through typed arrays).
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const raw = (index: number): number => (quantization.dtype === 'uint8' ? view.getUint8(index) : view.getUint16(index * 2, true));
    if (quantization.dtype === 'float16') {
      if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name}: float16 quantisation of ${spec.dtype} is not supported`);
      const data = new Float32Array(count);
      for (let index = 0; index < count; index += 1) data[index] = float16ToFloat32(raw(index));
      return { dtype: 'float32', shape: spec.shape, data };
    }
    const { min, scale } = quantization;
    if (min === undefined || scale === undefined) throw new Error(`weight ${spec.name}: ${quantization.dtype} quantisation without min and scale`);
    if (spec.dtype === 'float32') {
      const data = new Float32Array(count);
      // The same expression, in the same (double) precision, as tfjs-core: q * scale + min.
      for (let index = 0; index < count; index += 1) data[index] = raw(index) * scale + min;
      return { dtype: 'float32', shape: spec.shape, data };
    }
    if (spec.dtype === 'int32') {
      const data = new Int32Array(count);
      for (let index = 0; index < count; index += 1) data[index] = Math.round(raw(index) * scale + min);
      return { dtype: 'int32', shape: spec.shape, data };
    }
    throw new Error(`weight ${spec.name}: quantised ${spec.dtype} is not supported`);
  }
  const copy = bytes.slice();
  if (spec.dtype === 'float32') return { dtype: 'float32', shape: spec.shape, data: new Float32Array(copy.buffer) };
  if (spec.dtype === 'int32') return { dtype: 'int32', shape: spec.shape, data: new Int32Array(copy.buffer) };
  // Booleans are only ever shapes' and masks' business; int32 carries them through the converter.
  if (spec.dtype === 'bool') return { dtype: 'int32', shape: spec.shape, data: Int32Array.from(copy) };
  throw new Error(`weight ${spec.name}: dtype ${spec.dtype} is not supported`);
}

function byteLength(spec: TfjsWeightSpec): number {
  const count = elementCount(spec.shape);
  if (spec.quantization) return count * QUANTIZED_BYTES[spec.quantization.dtype];
  if (spec.dtype === 'string' || spec.dtype === 'complex64') throw new Error(`weight ${spec.name}: dtype ${spec.dtype} is not supported`);
  return count * PLAIN_BYTES[spec.dtype];
}

/** Every weight of the manifest by name, read from `weightData` (all shards, in manifest order). */
export function decodeTfjsWeights(modelJson: TfjsModelJson, weightData: ArrayBuffer): Map<string, ConstTensor> {
  const bytes = new Uint8Array(weightData);
  const weights = new Map<string, ConstTensor>();
  let offset = 0;
  for (const group of modelJson.weightsManifest) {
    for (const spec of group.weights) {
      const length = byteLength(spec);
      if (offset + length > bytes.byteLength) {
        throw new Error(`weight ${spec.name} needs bytes ${offset}–${offset + length} but the weight data has ${bytes.byteLength}`);
      }
      weights.set(spec.name, decodeWeight(spec, bytes.subarray(offset, offset + length)));
      offset += length;
    }
  }
  if (offset !== bytes.byteLength) throw new Error(`the weight manifest describes ${offset} bytes but the weight data has ${bytes.byteLength}`);
  return weights;
}
