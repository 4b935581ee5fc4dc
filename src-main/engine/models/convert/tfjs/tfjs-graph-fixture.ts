import { expect } from 'vitest';
import type { TfjsModelJson, TfjsWeightSpec } from './tfjs-model-json.js';

// Test support for the TF.js graph converter's op tests: a TF.js graph model built node by node.

/** A deterministic generator, so a failure reproduces. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
export const next = random(20240611);
export const uniform = (count: number, low = -1, high = 1): number[] => Array.from({ length: count }, () => low + (high - low) * next());
export const count = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

const base64 = (text: string): string => Buffer.from(text).toString('base64');
export const attr = {
  s: (text: string) => ({ s: base64(text) }),
  ints: (values: number[]) => ({ list: { i: values.map(String) } }),
  strings: (values: string[]) => ({ list: { s: values.map(base64) } }),
  f: (value: number) => ({ f: value }),
  b: (value: boolean) => ({ b: value }),
  i: (value: number) => ({ i: String(value) }),
};

export type Quantization = 'uint8' | 'uint16' | 'float16' | null;

/** Builds a TF.js graph model (model.json + weight data) node by node. */
export class GraphFixture {
  private readonly nodes: object[] = [];
  private readonly specs: TfjsWeightSpec[] = [];
  private readonly chunks: Uint8Array[] = [];

  placeholder(name: string, shape: number[]): string {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } } } });
    return name;
  }

  floats(name: string, shape: number[], values = uniform(count(shape)), quantization: Quantization = null): string {
    const n = count(shape);
    let bytes: Uint8Array;
    const spec: TfjsWeightSpec = { name, shape, dtype: 'float32' };
    if (quantization === 'uint8' || quantization === 'uint16') {
      const levels = quantization === 'uint8' ? 255 : 65535;
      const min = -0.8;
      const scale = 1.6 / levels;
      const raw = Array.from({ length: n }, () => Math.floor(next() * (levels + 1)));
      bytes = quantization === 'uint8' ? Uint8Array.from(raw) : new Uint8Array(Uint16Array.from(raw).buffer);
      spec.quantization = { dtype: quantization, min, scale };
    } else if (quantization === 'float16') {
      // Random halves below 2 in magnitude (exponents 0..15): subnormals and normals, no Inf/NaN.
      const halves = Uint16Array.from({ length: n }, () => (next() < 0.5 ? 0x8000 : 0) | (Math.floor(next() * 16) << 10) | Math.floor(next() * 1024));
      bytes = new Uint8Array(halves.buffer);
      spec.quantization = { dtype: 'float16' };
    } else {
      bytes = new Uint8Array(Float32Array.from(values.length === n ? values : uniform(n)).buffer);
    }
    this.constNode(name, 'DT_FLOAT', shape);
    this.specs.push(spec);
    this.chunks.push(bytes);
    return name;
  }

  ints(name: string, values: number[], shape = [values.length]): string {
    this.constNode(name, 'DT_INT32', shape);
    this.specs.push({ name, shape, dtype: 'int32' });
    this.chunks.push(new Uint8Array(Int32Array.from(values).buffer));
    return name;
  }

  op(name: string, op: string, inputs: string[], attributes: Record<string, object> = {}): string {
    this.nodes.push({ name, op, input: inputs, attr: { T: { type: 'DT_FLOAT' }, ...attributes } });
    return name;
  }

  private constNode(name: string, dtype: string, shape: number[]): void {
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: { dim: shape.map((size) => ({ size: String(size) })) } } } } });
  }

  model(): { modelJson: TfjsModelJson; weightData: ArrayBuffer } {
    const total = this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    const weightData = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.chunks) {
      weightData.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return {
      modelJson: { format: 'graph-model', modelTopology: { node: this.nodes, versions: { producer: 1 } }, weightsManifest: [{ paths: ['fixture'], weights: this.specs }] },
      weightData: weightData.buffer,
    };
  }
}

export const conv = (strides: number[], padding: string, extra: Record<string, object> = {}): Record<string, object> => ({
  strides: attr.ints(strides),
  padding: attr.s(padding),
  data_format: attr.s('NHWC'),
  dilations: attr.ints([1, 1, 1, 1]),
  ...extra,
});

export function expectClose(actual: Float32Array, expected: Float32Array, tolerance: number): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let index = 0; index < actual.length; index += 1) {
    const difference = Math.abs(actual[index]! - expected[index]!) / Math.max(1, Math.abs(expected[index]!));
    worst = Math.max(worst, difference);
  }
  expect(worst).toBeLessThan(tolerance);
  return worst;
}

