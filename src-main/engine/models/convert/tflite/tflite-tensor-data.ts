import type { TfliteTensor } from './tflite-reader.js';

/**
 * Decoding of constant tensor bytes (little-endian, as TFLite stores them) into typed arrays. The
 * converter folds every constant to float32 at conversion time: float16 weights and int8 / uint8
 * quantized ones alike.
 */

/** IEEE 754 half → single precision. */
export function float16ToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * A constant tensor's values as float32: float32 as is, float16 widened, int8/uint8 with
 * per-tensor or per-axis scales dequantized. Null for a tensor without data.
 */
export function tensorFloatData(tensor: TfliteTensor): Float32Array | null {
  const data = tensor.data;
  if (data === null) return null;
  const count = tensor.shape.reduce((product, dim) => product * dim, 1);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const values = new Float32Array(count);
  switch (tensor.type) {
    case 'float32':
      expectBytes(tensor, count * 4);
      for (let i = 0; i < count; i++) values[i] = view.getFloat32(4 * i, true);
      return values;
    case 'float16':
      expectBytes(tensor, count * 2);
      for (let i = 0; i < count; i++) values[i] = float16ToFloat32(view.getUint16(2 * i, true));
      return values;
    case 'int8':
    case 'uint8': {
      expectBytes(tensor, count);
      const quantization = tensor.quantization;
      if (quantization === null) throw new Error(`TFLite: ${tensor.type} tensor "${tensor.name}" has no quantization scale`);
      const axis = quantization.scale.length > 1 ? quantization.quantizedDimension : -1;
      const inner = axis < 0 ? 1 : tensor.shape.slice(axis + 1).reduce((product, dim) => product * dim, 1);
      const channels = axis < 0 ? 1 : (tensor.shape[axis] ?? 1);
      for (let i = 0; i < count; i++) {
        const channel = axis < 0 ? 0 : Math.floor(i / inner) % channels;
        const q = tensor.type === 'int8' ? view.getInt8(i) : view.getUint8(i);
        values[i] = (quantization.scale[channel] ?? 0) * (q - (quantization.zeroPoint[channel] ?? quantization.zeroPoint[0] ?? 0));
      }
      return values;
    }
    default:
      throw new Error(`TFLite: cannot read ${tensor.type} tensor "${tensor.name}" as float`);
  }
}

/** A constant int32 tensor's values (shapes, paddings, axes). Null for a tensor without data. */
export function tensorInt32Data(tensor: TfliteTensor): Int32Array | null {
  const data = tensor.data;
  if (data === null) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (tensor.type === 'int32') return Int32Array.from({ length: data.byteLength / 4 }, (_, i) => view.getInt32(4 * i, true));
  if (tensor.type === 'int64') return Int32Array.from({ length: data.byteLength / 8 }, (_, i) => Number(view.getBigInt64(8 * i, true)));
  throw new Error(`TFLite: tensor "${tensor.name}" is ${tensor.type}, expected int32`);
}

function expectBytes(tensor: TfliteTensor, bytes: number): void {
  if ((tensor.data?.byteLength ?? 0) < bytes) {
    throw new Error(`TFLite: tensor "${tensor.name}" [${tensor.shape.join(', ')}] has ${tensor.data?.byteLength} bytes, expected ${bytes}`);
  }
}
