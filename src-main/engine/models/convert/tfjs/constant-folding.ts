import { broadcastShapes } from './layout-math.js';
import { constValue, type ConstValue } from './onnx-lowering.js';
import type { ConstTensor } from './tfjs-model-json.js';

/**
 * Arithmetic on constants, done at conversion time: exporters leave shape computations in the
 * graph (NanoDet's reshape targets are a SparseToDense of empty indices plus a constant), and
 * ONNX has no use for them at run time.
 */

/** An elementwise op on two constants, computed here (shape arithmetic: int32 stays int32). */
export function foldBinary(op: 'Add' | 'Sub' | 'Mul' | 'Div' | 'Max' | 'Min', a: ConstValue, b: ConstValue): ConstValue {
  const shape = broadcastShapes(a.shape, b.shape);
  const length = shape.reduce((total, dim) => total * dim, 1);
  const integer = a.dtype === 'int32' && b.dtype === 'int32';
  const data = integer ? new Int32Array(length) : new Float32Array(length);
  const sourceIndex = (operand: ConstValue, flat: number): number => {
    let index = 0;
    let stride = 1;
    let rest = flat;
    const offset = shape.length - operand.shape.length;
    for (let axis = shape.length - 1; axis >= 0; axis -= 1) {
      const coordinate = rest % shape[axis]!;
      rest = Math.floor(rest / shape[axis]!);
      if (axis < offset) continue;
      const dim = operand.shape[axis - offset]!;
      index += (dim === 1 ? 0 : coordinate) * stride;
      stride *= dim;
    }
    return index;
  };
  for (let flat = 0; flat < length; flat += 1) {
    const x = a.data[sourceIndex(a, flat)]!;
    const y = b.data[sourceIndex(b, flat)]!;
    const value = { Add: x + y, Sub: x - y, Mul: x * y, Div: integer ? Math.trunc(x / y) : x / y, Max: Math.max(x, y), Min: Math.min(x, y) }[op];
    data[flat] = value;
  }
  return constValue(integer ? { dtype: 'int32', shape, data: data as Int32Array } : { dtype: 'float32', shape, data: data as Float32Array });
}

/** TensorFlow SparseToDense on constants: `fill` everywhere, then `values` at `indices` (rows of coordinates). */
export function sparseToDense(where: string, indices: ConstValue, shape: number[], values: ConstValue, fill: ConstValue): ConstTensor {
  const length = shape.reduce((total, dim) => total * dim, 1);
  const data = fill.dtype === 'int32' ? new Int32Array(length).fill(fill.data[0]!) : new Float32Array(length).fill(fill.data[0]!);
  const rank = shape.length;
  const count = indices.shape.length === 0 ? 1 : indices.shape[0]!;
  for (let entry = 0; entry < count; entry += 1) {
    let flat = 0;
    for (let axis = 0; axis < rank; axis += 1) {
      const coordinate = indices.shape.length < 2 ? indices.data[entry]! : indices.data[entry * rank + axis]!;
      if (coordinate < 0 || coordinate >= shape[axis]!) throw new Error(`${where}: index ${coordinate} is outside [${shape.join(', ')}]`);
      flat = flat * shape[axis]! + coordinate;
    }
    data[flat] = values.data.length === 1 ? values.data[0]! : values.data[entry]!;
  }
  return fill.dtype === 'int32' ? { dtype: 'int32', shape, data: data as Int32Array } : { dtype: 'float32', shape, data: data as Float32Array };
}
