import { z } from 'zod';
import { constValue, OnnxLowering, type ConstValue, type Padding, type TensorSpec, type Value } from './onnx-lowering.js';
import type { ConstTensor } from './tfjs-model-json.js';

/**
 * The Keras front end of the TF.js converter: a TF.js layers model (Keras 2 model_config, as
 * tfjs-layers' loadLayersModel reads it) lowered to ONNX. nsfwjs's default MobileNetV2 is one.
 *
 * Weights are looked up as `<layer name>/<weight name>` (Conv1/kernel, bn_Conv1/moving_mean), the
 * names tfjs-layers matches them by. Inference semantics throughout: Dropout is the identity and
 * BatchNormalization uses its moving statistics.
 */
const layerSchema = z.looseObject({
  class_name: z.string(),
  name: z.string().optional(),
  config: z.record(z.string(), z.unknown()),
  inbound_nodes: z.array(z.unknown()).optional(),
});

const kerasConfigSchema = z.looseObject({
  class_name: z.string(),
  config: z.union([
    z.looseObject({
      name: z.string().optional(),
      layers: z.array(layerSchema),
      input_layers: z.array(z.array(z.unknown())).optional(),
      output_layers: z.array(z.array(z.unknown())).optional(),
    }),
    z.array(layerSchema),
  ]),
});

type Layer = z.infer<typeof layerSchema>;

export const SUPPORTED_KERAS_LAYERS = [
  'InputLayer', 'Conv2D', 'DepthwiseConv2D', 'BatchNormalization', 'ReLU', 'Activation', 'Add', 'Concatenate',
  'ZeroPadding2D', 'AveragePooling2D', 'MaxPooling2D', 'GlobalAveragePooling2D', 'Flatten', 'Dense', 'Dropout', 'Softmax',
] as const;

function layerName(layer: Layer): string {
  const name = layer.name ?? layer.config['name'];
  if (typeof name !== 'string' || name.length === 0) throw new Error(`a ${layer.class_name} layer has no name`);
  return name;
}

/** Typed reads of a layer's config, with errors that name the layer. */
class LayerConfig {
  constructor(
    private readonly layer: Layer,
    readonly name: string,
  ) {}

  private fail(key: string, expected: string): never {
    throw new Error(`layer ${this.name} (${this.layer.class_name}): config ${key} must be ${expected}, got ${JSON.stringify(this.layer.config[key])}`);
  }

  number(key: string, fallback?: number): number {
    const value = this.layer.config[key] ?? fallback;
    if (typeof value !== 'number') this.fail(key, 'a number');
    return value;
  }

  string(key: string, fallback?: string): string {
    const value = this.layer.config[key] ?? fallback;
    if (typeof value !== 'string') this.fail(key, 'a string');
    return value;
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.layer.config[key] ?? fallback;
    if (typeof value !== 'boolean') this.fail(key, 'a boolean');
    return value;
  }

  /** An int or [h, w] (Keras accepts both for kernel sizes, strides, pool sizes). */
  pair(key: string, fallback?: [number, number]): [number, number] {
    const value = this.layer.config[key] ?? fallback;
    if (typeof value === 'number') return [value, value];
    if (Array.isArray(value) && value.length === 2 && value.every((item) => typeof item === 'number')) return [value[0] as number, value[1] as number];
    this.fail(key, 'a number or a pair of numbers');
  }

  channelsLast(): void {
    const format = this.layer.config['data_format'] ?? 'channels_last';
    if (format !== 'channels_last') this.fail('data_format', "'channels_last'");
  }

  padding(): Padding {
    const padding = this.string('padding');
    if (padding === 'same') return { kind: 'same' };
    if (padding === 'valid') return { kind: 'valid' };
    this.fail('padding', "'same' or 'valid'");
  }
}

/** The [layer, node, tensor] references of a functional model's inbound node. */
function inboundLayers(layer: Layer, name: string): string[] {
  const nodes = layer.inbound_nodes ?? [];
  if (nodes.length === 0) return [];
  if (nodes.length > 1) throw new Error(`layer ${name} is called ${nodes.length} times; shared layers are not supported`);
  const references = nodes[0];
  if (!Array.isArray(references)) throw new Error(`layer ${name}: unreadable inbound_nodes`);
  return references.map((reference) => {
    if (!Array.isArray(reference) || typeof reference[0] !== 'string') throw new Error(`layer ${name}: unreadable inbound node reference`);
    if (reference[1] !== 0 || reference[2] !== 0) throw new Error(`layer ${name} reads output ${reference[1]}/${reference[2]} of ${reference[0]}; only first outputs are supported`);
    return reference[0];
  });
}

export function convertKerasModel(
  topology: Record<string, unknown>,
  weights: Map<string, ConstTensor>,
  batch: number,
  graphName: string,
): { onnx: Uint8Array; inputs: TensorSpec[]; outputs: TensorSpec[] } {
  const model = kerasConfigSchema.parse('model_config' in topology ? topology['model_config'] : topology);
  if (model.class_name !== 'Model' && model.class_name !== 'Functional' && model.class_name !== 'Sequential') {
    throw new Error(`Keras model class ${model.class_name} is not supported`);
  }
  const layers = Array.isArray(model.config) ? model.config : model.config.layers;
  const sequential = model.class_name === 'Sequential';
  const names = layers.map(layerName);
  const unsupported = [...new Set(layers.map((layer) => layer.class_name).filter((kind) => !(SUPPORTED_KERAS_LAYERS as readonly string[]).includes(kind)))];
  if (unsupported.length > 0) throw new Error(`unsupported Keras layer${unsupported.length > 1 ? 's' : ''}: ${unsupported.join(', ')}`);

  let outputNames: string[];
  if (sequential) {
    outputNames = [names[names.length - 1]!];
  } else {
    const declared = Array.isArray(model.config) ? undefined : model.config.output_layers;
    if (!declared || declared.length === 0) throw new Error('the Keras model declares no output_layers');
    outputNames = declared.map((reference) => String(reference[0]));
  }

  const lowering = new OnnxLowering(graphName);
  // A saved Sequential model has no InputLayer: its first layer carries batch_input_shape, and
  // Keras names the implied input `<first layer>_input`.
  const implicitInput = sequential && layers[0]?.class_name !== 'InputLayer' ? `${names[0]}_input` : null;
  const inputLayerNames = implicitInput ? [implicitInput] : layers.filter((layer) => layer.class_name === 'InputLayer').map(layerName);
  lowering.reserveNames([...new Set([...inputLayerNames, ...outputNames])]);

  const values = new Map<string, Value>();
  if (implicitInput) values.set(implicitInput, lowering.input(implicitInput, inputShape(layers[0]!, implicitInput, batch)));
  const pending = new Map(layers.map((layer, index) => [names[index]!, layer]));
  // Functional configs list layers in creation order, which is a topological order; still, do
  // not rely on it: convert whatever has all its inputs until nothing is left.
  while (pending.size > 0) {
    let progressed = false;
    for (const [name, layer] of pending) {
      let inputs: Value[];
      if (sequential) {
        const index = names.indexOf(name);
        const previous = index === 0 ? implicitInput : names[index - 1]!;
        if (previous !== null && !values.has(previous)) continue;
        inputs = previous === null ? [] : [values.get(previous)!];
      } else {
        const sources = inboundLayers(layer, name);
        if (!sources.every((source) => values.has(source))) {
          const missing = sources.find((source) => !pending.has(source) && !values.has(source));
          if (missing) throw new Error(`layer ${name} reads the missing layer ${missing}`);
          continue;
        }
        inputs = sources.map((source) => values.get(source)!);
      }
      values.set(name, convertLayer(layer, name, inputs, lowering, weights, batch));
      pending.delete(name);
      progressed = true;
    }
    if (!progressed) throw new Error(`the Keras model has a cycle among ${[...pending.keys()].join(', ')}`);
  }
  for (const name of outputNames) {
    const value = values.get(name);
    if (!value) throw new Error(`output layer ${name} does not exist`);
    lowering.output(value, name);
  }
  return lowering.finish('culler tfjs-graph-to-onnx (keras)');
}

function weight(weights: Map<string, ConstTensor>, layer: string, key: string): ConstValue {
  const tensor = weights.get(`${layer}/${key}`);
  if (!tensor) throw new Error(`layer ${layer}: weight ${layer}/${key} is not in the weights manifest`);
  return constValue(tensor);
}

function floatWeight(weights: Map<string, ConstTensor>, layer: string, key: string): Float32Array {
  const value = weight(weights, layer, key);
  if (value.dtype !== 'float32') throw new Error(`layer ${layer}: weight ${key} must be float32`);
  return value.data;
}

function applyActivation(kind: string, x: Value, lowering: OnnxLowering, hint: string): Value {
  const standard = lowering.standardActivation(kind, x, hint);
  if (standard) return standard;
  switch (kind) {
    case 'linear':
      return x;
    case 'softmax':
      return lowering.softmax(x, hint);
    default:
      throw new Error(`${hint}: unsupported Keras activation ${kind}`);
  }
}

function inputShape(layer: Layer, name: string, batch: number): number[] {
  const shape = layer.config['batch_input_shape'] ?? layer.config['batch_shape'];
  if (!Array.isArray(shape) || shape.length === 0 || shape.slice(1).some((dim) => typeof dim !== 'number')) throw new Error(`input ${name} has no static batch_input_shape`);
  return [typeof shape[0] === 'number' ? shape[0] : batch, ...(shape.slice(1) as number[])];
}

function convertLayer(layer: Layer, name: string, inputs: Value[], lowering: OnnxLowering, weights: Map<string, ConstTensor>, batch: number): Value {
  const config = new LayerConfig(layer, name);
  const x = inputs[0];
  const one = (): Value => {
    if (inputs.length !== 1) throw new Error(`layer ${name} (${layer.class_name}) has ${inputs.length} inputs, needs 1`);
    return x!;
  };
  switch (layer.class_name) {
    case 'InputLayer':
      return lowering.input(name, inputShape(layer, name, batch));
    case 'Conv2D':
    case 'DepthwiseConv2D': {
      config.channelsLast();
      const depthwise = layer.class_name === 'DepthwiseConv2D';
      const kernel = weight(weights, name, depthwise ? 'depthwise_kernel' : 'kernel');
      const bias = config.bool('use_bias', true) ? floatWeight(weights, name, 'bias') : null;
      const y = lowering.conv2d(
        one(),
        kernel,
        bias,
        { strides: config.pair('strides', [1, 1]), dilations: config.pair('dilation_rate', [1, 1]), padding: config.padding(), depthwise },
        name,
      );
      return applyActivation(config.string('activation', 'linear'), y, lowering, `${name}_activation`);
    }
    case 'BatchNormalization': {
      const axis = config.number('axis', -1);
      const input = one();
      if (axis !== -1 && axis !== input.shape.length - 1) throw new Error(`layer ${name}: batch normalisation over axis ${axis} is not supported`);
      const channels = input.shape[input.shape.length - 1]!;
      const gamma = config.bool('scale', true) ? floatWeight(weights, name, 'gamma') : new Float32Array(channels).fill(1);
      const beta = config.bool('center', true) ? floatWeight(weights, name, 'beta') : new Float32Array(channels);
      const mean = floatWeight(weights, name, 'moving_mean');
      const variance = floatWeight(weights, name, 'moving_variance');
      const epsilon = config.number('epsilon', 0.001);
      const scale = new Float32Array(channels);
      const offset = new Float32Array(channels);
      for (let channel = 0; channel < channels; channel += 1) {
        const multiplier = gamma[channel]! / Math.sqrt(variance[channel]! + epsilon);
        scale[channel] = multiplier;
        offset[channel] = beta[channel]! - mean[channel]! * multiplier;
      }
      return lowering.channelAffine(input, scale, offset, name);
    }
    case 'ReLU': {
      const maxValue = layer.config['max_value'];
      const slope = config.number('negative_slope', 0);
      const threshold = config.number('threshold', 0);
      if (threshold !== 0) throw new Error(`layer ${name}: ReLU with a threshold is not supported`);
      if (maxValue !== null && maxValue !== undefined) {
        if (typeof maxValue !== 'number' || slope !== 0) throw new Error(`layer ${name}: ReLU with max_value and negative_slope is not supported`);
        return lowering.clip(one(), 0, maxValue, name);
      }
      return slope === 0 ? lowering.unary('Relu', one(), name) : lowering.leakyRelu(one(), slope, name);
    }
    case 'Activation':
      return applyActivation(config.string('activation'), one(), lowering, name);
    case 'Softmax': {
      const input = one();
      const axis = config.number('axis', -1);
      if (axis !== -1 && axis !== input.shape.length - 1) throw new Error(`layer ${name}: softmax over axis ${axis} is not supported`);
      return lowering.softmax(input, name);
    }
    case 'Add': {
      if (inputs.length < 2) throw new Error(`layer ${name} (Add) needs at least 2 inputs`);
      return inputs.slice(1).reduce<Value>((sum, value, index) => lowering.binary('Add', sum, value, index === inputs.length - 2 ? name : `${name}_${index}`), inputs[0]!);
    }
    case 'Concatenate':
      return lowering.concat(inputs, config.number('axis', -1), name);
    case 'ZeroPadding2D': {
      config.channelsLast();
      const raw = layer.config['padding'];
      let height: [number, number];
      let width: [number, number];
      if (typeof raw === 'number') [height, width] = [[raw, raw], [raw, raw]];
      else if (Array.isArray(raw) && raw.every((item) => typeof item === 'number')) [height, width] = [[raw[0], raw[0]], [raw[1], raw[1]]] as [[number, number], [number, number]];
      else if (Array.isArray(raw) && raw.every((item) => Array.isArray(item) && item.length === 2)) [height, width] = raw as [[number, number], [number, number]];
      else throw new Error(`layer ${name}: unreadable padding ${JSON.stringify(raw)}`);
      return lowering.pad(one(), [[0, 0], height, width, [0, 0]], 0, name);
    }
    case 'AveragePooling2D':
    case 'MaxPooling2D': {
      config.channelsLast();
      const size = config.pair('pool_size', [2, 2]);
      const strides = layer.config['strides'] === null || layer.config['strides'] === undefined ? size : config.pair('strides');
      return lowering.pool(layer.class_name === 'MaxPooling2D' ? 'max' : 'avg', one(), size, strides, config.padding(), name);
    }
    case 'GlobalAveragePooling2D':
      config.channelsLast();
      return lowering.reduceMean(one(), [1, 2], config.bool('keepdims', false), name);
    case 'Flatten':
      config.channelsLast();
      return lowering.flatten(one(), name);
    case 'Dense': {
      const kernel = weight(weights, name, 'kernel');
      let y: Value = lowering.matMul(one(), kernel, false, false, name);
      if (config.bool('use_bias', true)) y = lowering.binary('Add', y, weight(weights, name, 'bias'), `${name}_bias`);
      return applyActivation(config.string('activation', 'linear'), y, lowering, `${name}_activation`);
    }
    case 'Dropout':
      return one();
    default:
      throw new Error(`unsupported Keras layer: ${layer.class_name} (layer ${name})`);
  }
}
