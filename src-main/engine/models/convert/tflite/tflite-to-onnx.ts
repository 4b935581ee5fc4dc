import { OnnxGraphBuilder } from '../../onnx/onnx-graph-builder.js';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, broadcastConstantToNchw, nchwAxis, permute, tflitePadding, type Layout } from './nhwc-layout.js';
import {
  BuiltinOperator,
  readTfliteModel,
  type TfliteActivation,
  type TfliteBuiltinOptions,
  type TfliteOperator,
  type TfliteSubgraph,
  type TfliteTensor,
} from './tflite-reader.js';
import { tensorFloatData, tensorInt32Data } from './tflite-tensor-data.js';

/**
 * Converts the float TFLite models MediaPipe ships (BlazeFace, face landmarks) to ONNX, so that
 * onnxruntime-node runs them with the same execution providers as every other model.
 *
 * The model keeps its TFLite interface: NHWC inputs and outputs under the same names and shapes.
 * Inside, convolutions and pools run NCHW as ONNX defines them. Each TFLite tensor may exist in
 * either layout; a Transpose is emitted only where a consumer needs the layout its producer did not
 * make (the input, a RESHAPE of a convolution's output, the outputs), and once per tensor.
 * Weights are transposed (and float16 / DEQUANTIZE folded) here, at conversion time.
 */

export type TensorSpec = { name: string; shape: number[]; type: 'float32' };

export type ConvertedModel = { onnx: Uint8Array; inputs: TensorSpec[]; outputs: TensorSpec[] };

/**
 * `outputs`, when given, names the model outputs to keep (by their TFLite tensor names): the others
 * are dropped together with every operator only they need. onnxruntime runs a graph's every node
 * whatever the caller fetches, so an unused head (BlazePose's 256² segmentation and its heatmaps)
 * costs its full time unless it is left out of the graph.
 */
export function convertTfliteToOnnx(tflite: Uint8Array, options: { name?: string; outputs?: readonly string[] } = {}): ConvertedModel {
  const model = readTfliteModel(tflite);
  const whole = model.subgraphs[0];
  if (whole === undefined) throw new Error('TFLite model has no subgraph');
  const subgraph = options.outputs ? keepOutputs(whole, options.outputs) : whole;
  const converter = new TfliteConverter(subgraph, new OnnxGraphBuilder(options.name ?? (subgraph.name || 'tflite')));
  const { inputs, outputs } = converter.convert();
  const onnx = converter.graph.toBytes({
    producer: 'culler tflite-to-onnx',
    docString: model.description,
  });
  return { onnx, inputs, outputs };
}

/**
 * The subgraph with only the named outputs. The operators only the others needed are still
 * converted, then left out of the ONNX graph with everything else nothing reads
 * (OnnxGraphBuilder.toBytes): one liveness pass serves every rewrite.
 */
function keepOutputs(subgraph: TfliteSubgraph, names: readonly string[]): TfliteSubgraph {
  const outputs = names.map((name) => {
    const index = subgraph.outputs.find((candidate) => subgraph.tensors[candidate]?.name === name);
    if (index === undefined) {
      throw new Error(`TFLite model has no output "${name}" (its outputs: ${subgraph.outputs.map((candidate) => subgraph.tensors[candidate]?.name).join(', ')})`);
    }
    return index;
  });
  return { ...subgraph, outputs };
}

class TfliteConverter {
  /** ONNX value names of each TFLite tensor, per layout it has been materialised in. */
  private readonly values = new Map<number, Partial<Record<Layout, string>>>();
  /** Constants computed at conversion time (DEQUANTIZE outputs), by tensor index. */
  private readonly folded = new Map<number, Float32Array>();
  /** Initializers already emitted for constant tensors, by `index:layout`. */
  private readonly initializers = new Map<string, string>();
  private readonly scalars = new Map<number, string>();
  /** The exact names the graph outputs must carry, by tensor index. */
  private readonly outputNames = new Map<number, string>();
  /** The four operators of each widening residual block (see findWideningResiduals), by operator. */
  private readonly widening = new Map<TfliteOperator, WideningResidual>();

  constructor(
    private readonly subgraph: TfliteSubgraph,
    readonly graph: OnnxGraphBuilder,
  ) {}

  convert(): { inputs: TensorSpec[]; outputs: TensorSpec[] } {
    const inputs = this.subgraph.inputs.map((index) => this.spec(index));
    const outputs = this.subgraph.outputs.map((index) => this.spec(index));
    for (const [i, index] of this.subgraph.inputs.entries()) {
      const spec = inputs[i]!;
      spec.name = this.graph.addInput({ name: this.graph.uniqueName(spec.name), type: 'float32', shape: spec.shape });
      this.values.set(index, { nhwc: spec.name });
    }
    for (const [i, index] of this.subgraph.outputs.entries()) {
      const spec = outputs[i]!;
      spec.name = this.graph.uniqueName(spec.name);
      this.outputNames.set(index, spec.name);
    }

    this.findWideningResiduals();
    for (const operator of this.subgraph.operators) {
      const block = this.widening.get(operator);
      if (block) this.wideningStep(operator, block);
      else this.convertOperator(operator);
    }

    for (const [i, index] of this.subgraph.outputs.entries()) {
      const spec = outputs[i]!;
      const name = this.value(index, 'nhwc');
      // Only when an output is also an input or a constant does it need a node of its own.
      if (name !== spec.name) this.graph.addNode('Identity', [name], { outputs: [spec.name] });
      this.graph.addOutput({ name: spec.name, type: 'float32', shape: spec.shape });
    }
    return { inputs, outputs };
  }

  private spec(index: number): TensorSpec {
    const tensor = this.tensor(index);
    if (tensor.type !== 'float32') throw new Error(`TFLite model interface tensor "${tensor.name}" is ${tensor.type}; only float32 is supported`);
    return { name: tensor.name, shape: [...tensor.shape], type: 'float32' };
  }

  /**
   * BlazeFace widens its residual blocks as relu(conv(x) + pad(skip)), the skip padded with zero
   * channels. onnxruntime cannot keep a Pad in its blocked NCHWc layout, so each such block cost a
   * reorder either side, and an Add and a ReLU of their own. Written instead as
   * concat(relu(conv_first(x) + skip), relu(conv_rest(x))), the convolution split at the skip's
   * channel count, every op stays blocked and each half fuses into one convolution (the Add and the
   * ReLU into the first, the ReLU into the second). Channels past the skip's add 0 and the sum is
   * one addition either way. Only where both halves are whole blocks (multiples of 8 channels, as
   * the blocked Concat needs) and nothing else reads the intermediate tensors.
   */
  private findWideningResiduals(): void {
    const readers = new Map<number, TfliteOperator[]>();
    for (const operator of this.subgraph.operators) for (const tensor of operator.inputs) if (tensor >= 0) readers.set(tensor, [...(readers.get(tensor) ?? []), operator]);
    const producer = new Map<number, TfliteOperator>();
    for (const operator of this.subgraph.operators) for (const tensor of operator.outputs) producer.set(tensor, operator);
    const onlyReader = (tensor: number, reader: TfliteOperator): boolean =>
      !this.subgraph.outputs.includes(tensor) && readers.get(tensor)?.length === 1 && readers.get(tensor)![0] === reader;
    for (const add of this.subgraph.operators) {
      if (add.builtinCode !== BuiltinOperator.ADD || fusedActivationOf(add.options) !== 'NONE' || add.inputs.length !== 2) continue;
      const relu = readers.get(add.outputs[0]!)?.[0];
      if (!relu || relu.builtinCode !== BuiltinOperator.RELU || !onlyReader(add.outputs[0]!, relu)) continue;
      const [left, right] = add.inputs as [number, number];
      for (const [padded, convolved] of [[left, right], [right, left]] as const) {
        const pad = producer.get(padded);
        const conv = producer.get(convolved);
        if (pad?.builtinCode !== BuiltinOperator.PAD || conv?.builtinCode !== BuiltinOperator.CONV_2D) continue;
        if (!onlyReader(padded, add) || !onlyReader(convolved, add) || fusedActivationOf(conv.options) !== 'NONE') continue;
        const paddings = tensorInt32Data(this.tensor(pad.inputs[1]!));
        const skip = pad.inputs[0]!;
        const channels = this.tensor(skip).shape[3] ?? 0;
        const added = paddings?.[7] ?? 0;
        const filter = this.tensor(conv.inputs[1]!).shape;
        const filterInChannels = filter[3] ?? 0;
        const convInChannels = this.tensor(conv.inputs[0]!).shape[3] ?? 0;
        if (!paddings || !paddings.every((value, at) => at === 7 || value === 0) || added <= 0) continue;
        if (channels % 8 !== 0 || added % 8 !== 0 || filter[0] !== channels + added || filterInChannels !== convInChannels) continue;
        const block: WideningResidual = { pad, conv, add, relu, skip, channels, halves: null, sum: null };
        for (const operator of [pad, conv, add, relu]) this.widening.set(operator, block);
        break;
      }
    }
  }

  private wideningStep(op: TfliteOperator, block: WideningResidual): void {
    if (op === block.pad) return; // the skip is read unpadded by the first half's sum
    if (op === block.conv) {
      const options = expectOptions(op, 'Conv2DOptions');
      const [input, filter] = [this.input(op, 0), this.input(op, 1)];
      const [, height, width, channels] = this.shape4(input);
      const [outChannels, kernelH, kernelW, filterChannels] = this.shape4(filter);
      const weights = permute(this.floatConstant(filter), [outChannels, kernelH, kernelW, filterChannels], [0, 3, 1, 2]);
      const perChannel = filterChannels * kernelH * kernelW;
      const conv = this.convolution(op, options, { input, weights: { data: weights, dims: [outChannels, filterChannels, kernelH, kernelW] }, group: 1, size: [height, width] });
      if (channels !== filterChannels) throw new Error('CONV_2D: a widening residual block with a grouped convolution');
      // The whole filter's initializers are not read: toBytes drops them.
      const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? this.floatConstant(op.inputs[2]) : null;
      const name = this.tensor(this.output(op)).name;
      block.halves = ([[0, block.channels], [block.channels, outChannels]] as const).map(([from, to], half) => {
        const inputs = [
          conv.inputs[0]!,
          this.graph.addInitializer(`${name}/onnx_weights_${half}`, { type: 'float32', dims: [to - from, filterChannels, kernelH, kernelW], data: weights.slice(from * perChannel, to * perChannel) }),
        ];
        if (bias) inputs.push(this.graph.addInitializer(`${name}/onnx_bias_${half}`, { type: 'float32', dims: [to - from], data: bias.slice(from, to) }));
        return this.graph.addNode('Conv', inputs, { outputHint: `${name}/half_${half}`, attributes: conv.attributes })[0]!;
      }) as [string, string];
      return;
    }
    if (op === block.add) {
      block.sum = this.graph.addNode('Add', [block.halves![0], this.value(block.skip, 'nchw')], { outputHint: `${this.tensor(this.output(op)).name}/first` })[0]!;
      return;
    }
    const name = this.tensor(this.output(op)).name;
    const [first] = this.graph.addNode('Relu', [block.sum!], { outputHint: `${name}/first` });
    const [rest] = this.graph.addNode('Relu', [block.halves![1]], { outputHint: `${name}/rest` });
    this.graph.addNode('Concat', [first!, rest!], { outputs: [this.define(this.output(op), 'nchw')], attributes: { axis: 1 } });
  }

  private convertOperator(op: TfliteOperator): void {
    switch (op.builtinCode) {
      case BuiltinOperator.DEQUANTIZE:
        return this.dequantize(op);
      case BuiltinOperator.CONV_2D:
        return this.conv2d(op);
      case BuiltinOperator.DEPTHWISE_CONV_2D:
        return this.depthwiseConv2d(op);
      case BuiltinOperator.MAX_POOL_2D:
        return this.pool2d(op, 'MaxPool');
      case BuiltinOperator.AVERAGE_POOL_2D:
        return this.pool2d(op, 'AveragePool');
      case BuiltinOperator.ADD:
        return this.elementwise(op, 'Add');
      case BuiltinOperator.SUB:
        return this.elementwise(op, 'Sub');
      case BuiltinOperator.MUL:
        return this.elementwise(op, 'Mul');
      case BuiltinOperator.DIV:
        return this.elementwise(op, 'Div');
      case BuiltinOperator.PRELU:
        return this.elementwise(op, 'PRelu');
      case BuiltinOperator.RELU:
        return this.unary(op, 'RELU');
      case BuiltinOperator.RELU6:
        return this.unary(op, 'RELU6');
      case BuiltinOperator.RELU_N1_TO_1:
        return this.unary(op, 'RELU_N1_TO_1');
      case BuiltinOperator.TANH:
        return this.unary(op, 'TANH');
      case BuiltinOperator.LOGISTIC:
        return this.unary(op, 'LOGISTIC');
      case BuiltinOperator.PAD:
      case BuiltinOperator.PADV2:
        return this.pad(op);
      case BuiltinOperator.RESHAPE:
        return this.reshape(op);
      case BuiltinOperator.CONCATENATION:
        return this.concatenation(op);
      case BuiltinOperator.RESIZE_BILINEAR:
        return this.resizeBilinear(op);
      case BuiltinOperator.HARD_SWISH:
        return this.hardSwish(op);
      case BuiltinOperator.CUSTOM:
        if (op.opName === 'CUSTOM(Convolution2DTransposeBias)') return this.transposeConvBias(op);
        throw new Error(`TFLite operator ${op.opName} is not supported by the ONNX converter`);
      default:
        throw new Error(`TFLite operator ${op.opName} is not supported by the ONNX converter`);
    }
  }

  // ---- operators ----

  private dequantize(op: TfliteOperator): void {
    const [input, output] = [this.input(op, 0), this.output(op)];
    if (!this.isConstant(input)) throw new Error(`TFLite DEQUANTIZE of a non-constant tensor ("${this.tensor(input).name}") is not supported`);
    this.folded.set(output, this.floatConstant(input));
  }

  private conv2d(op: TfliteOperator): void {
    const options = expectOptions(op, 'Conv2DOptions');
    const [input, filter, output] = [this.input(op, 0), this.input(op, 1), this.output(op)];
    const [, height, width, channels] = this.shape4(input);
    const [outChannels, kernelH, kernelW, filterChannels] = this.shape4(filter);
    if (channels % filterChannels !== 0) throw new Error(`CONV_2D: ${channels} input channels, filter has ${filterChannels}`);
    // [O, KH, KW, I] → ONNX's [O, I, KH, KW].
    const weights = permute(this.floatConstant(filter), [outChannels, kernelH, kernelW, filterChannels], [0, 3, 1, 2]);
    const conv = this.convolution(op, options, {
      input,
      weights: { data: weights, dims: [outChannels, filterChannels, kernelH, kernelW] },
      group: channels / filterChannels,
      size: [height, width],
    });
    this.emit('Conv', conv.inputs, conv.attributes, output, 'nchw', options.fusedActivation);
  }

  private depthwiseConv2d(op: TfliteOperator): void {
    const options = expectOptions(op, 'DepthwiseConv2DOptions');
    const [input, filter, output] = [this.input(op, 0), this.input(op, 1), this.output(op)];
    const [, height, width, channels] = this.shape4(input);
    const [, kernelH, kernelW, outChannels] = this.shape4(filter);
    // TFLite output channel c·M + m reads input channel c; so does ONNX's group conv with C groups.
    // [1, KH, KW, C·M] → [C·M, 1, KH, KW].
    const weights = permute(this.floatConstant(filter), [1, kernelH, kernelW, outChannels], [3, 0, 1, 2]);
    const conv = this.convolution(op, options, {
      input,
      weights: { data: weights, dims: [outChannels, 1, kernelH, kernelW] },
      group: channels,
      size: [height, width],
    });
    this.emit('Conv', conv.inputs, conv.attributes, output, 'nchw', options.fusedActivation);
  }

  private convolution(
    op: TfliteOperator,
    options: { padding: 'SAME' | 'VALID'; strideH: number; strideW: number; dilationH: number; dilationW: number },
    spec: { input: number; weights: { data: Float32Array; dims: number[] }; group: number; size: [number, number] },
  ): { inputs: string[]; attributes: Record<string, number | number[]> } {
    const [kernelH, kernelW] = [spec.weights.dims[2]!, spec.weights.dims[3]!];
    const padH = tflitePadding(options.padding, spec.size[0], kernelH, options.strideH, options.dilationH);
    const padW = tflitePadding(options.padding, spec.size[1], kernelW, options.strideW, options.dilationW);
    const filterName = this.tensor(this.input(op, 1)).name;
    const inputs = [
      this.value(spec.input, 'nchw'),
      this.graph.addInitializer(`${filterName}/onnx_weights`, { type: 'float32', ...spec.weights }),
    ];
    const bias = op.inputs[2];
    if (bias !== undefined && bias >= 0) {
      inputs.push(this.graph.addInitializer(`${this.tensor(bias).name}/onnx_bias`, { type: 'float32', dims: [spec.weights.dims[0]!], data: this.floatConstant(bias) }));
    }
    return {
      inputs,
      attributes: {
        kernel_shape: [kernelH, kernelW],
        strides: [options.strideH, options.strideW],
        dilations: [options.dilationH, options.dilationW],
        pads: [padH.before, padW.before, padH.after, padW.after],
        group: spec.group,
      },
    };
  }

  private pool2d(op: TfliteOperator, opType: 'MaxPool' | 'AveragePool'): void {
    const options = expectOptions(op, 'Pool2DOptions');
    const [input, output] = [this.input(op, 0), this.output(op)];
    const [, height, width] = this.shape4(input);
    const padH = tflitePadding(options.padding, height, options.filterHeight, options.strideH, 1);
    const padW = tflitePadding(options.padding, width, options.filterWidth, options.strideW, 1);
    const attributes: Record<string, number | number[]> = {
      kernel_shape: [options.filterHeight, options.filterWidth],
      strides: [options.strideH, options.strideW],
      pads: [padH.before, padW.before, padH.after, padW.after],
    };
    // TFLite averages over the pixels inside the image only, which is ONNX's count_include_pad = 0.
    if (opType === 'AveragePool') attributes['count_include_pad'] = 0;
    this.emit(opType, [this.value(input, 'nchw')], attributes, output, 'nchw', options.fusedActivation);
  }

  private elementwise(op: TfliteOperator, opType: 'Add' | 'Sub' | 'Mul' | 'Div' | 'PRelu'): void {
    const operands = [this.input(op, 0), this.input(op, 1)];
    const layout = this.commonLayout(operands);
    const activation = op.options.type === 'none' ? 'NONE' : fusedActivationOf(op.options);
    if (opType === 'PRelu' && layout === 'nchw' && activation === 'NONE' && this.isConstant(operands[1]!)) {
      const slopes = this.floatConstant(operands[1]!);
      if (slopes.length === this.tensor(operands[0]!).shape[3]) return this.channelPrelu(operands[0]!, slopes, this.output(op));
    }
    this.emit(opType, operands.map((index) => this.value(index, layout)), {}, this.output(op), layout, activation);
  }

  /**
   * PReLU with one slope per channel, as relu(x) + (−a)·relu(−x): the two scalings are 1×1
   * depthwise convolutions (the first with its ReLU fused, the second with the relu(x) added into
   * it), every step exact (·1, ·−1, +0), so the values are PRelu's. onnxruntime keeps these in its
   * blocked NCHWc layout, where a PRelu needs a reorder on either side and runs as a broadcast.
   */
  private channelPrelu(input: number, slopes: Float32Array, output: number): void {
    const source = this.value(input, 'nchw');
    const channels = slopes.length;
    const name = this.tensor(output).name;
    const depthwise = (weights: Float32Array, hint: string): string =>
      this.graph.addInitializer(`${name}/${hint}`, { type: 'float32', dims: [channels, 1, 1, 1], data: weights });
    const attributes = { kernel_shape: [1, 1], group: channels };
    const [negated] = this.graph.addNode('Conv', [source, depthwise(new Float32Array(channels).fill(-1), 'onnx_negate')], { outputHint: `${name}/negated`, attributes });
    const [negativePart] = this.graph.addNode('Relu', [negated!], { outputHint: `${name}/negative_part` });
    const [positivePart] = this.graph.addNode('Relu', [source], { outputHint: `${name}/positive_part` });
    const [scaled] = this.graph.addNode('Conv', [negativePart!, depthwise(slopes.map((slope) => -slope), 'onnx_slopes')], { outputHint: `${name}/scaled`, attributes });
    this.graph.addNode('Add', [scaled!, positivePart!], { outputs: [this.define(output, 'nchw')] });
  }

  private unary(op: TfliteOperator, activation: TfliteActivation | 'LOGISTIC'): void {
    const input = this.input(op, 0);
    const layout = this.commonLayout([input]);
    const source = this.value(input, layout);
    if (activation === 'LOGISTIC') {
      this.graph.addNode('Sigmoid', [source], { outputs: [this.define(this.output(op), layout)] });
      return;
    }
    this.activation(source, activation, this.define(this.output(op), layout));
  }

  private pad(op: TfliteOperator): void {
    const [input, paddingsIndex, output] = [this.input(op, 0), this.input(op, 1), this.output(op)];
    const paddings = tensorInt32Data(this.tensor(paddingsIndex));
    if (paddings === null) throw new Error(`${op.opName}: the paddings must be constant`);
    const rank = this.tensor(input).shape.length;
    const layout = this.commonLayout([input]);
    // TFLite: [[before, after] per NHWC axis]; ONNX: all befores then all afters, in layout order.
    const axes = layout === 'nchw' ? [...NHWC_TO_NCHW] : Array.from({ length: rank }, (_, axis) => axis);
    const pads = [...axes.map((axis) => paddings[2 * axis]!), ...axes.map((axis) => paddings[2 * axis + 1]!)];
    const inputs = [this.value(input, layout), this.int64Initializer(`${this.tensor(paddingsIndex).name}/onnx_pads`, pads)];
    const constantValue = op.inputs[2];
    if (op.builtinCode === BuiltinOperator.PADV2 && constantValue !== undefined && constantValue >= 0) {
      inputs.push(this.scalar(this.floatConstant(constantValue)[0] ?? 0));
    }
    this.graph.addNode('Pad', inputs, { outputs: [this.define(output, layout)], attributes: { mode: 'constant' } });
  }

  private reshape(op: TfliteOperator): void {
    const [input, output] = [this.input(op, 0), this.output(op)];
    // The output tensor's static shape is the answer; the shape input or option only says it again.
    let shape = this.tensor(output).shape;
    if (shape.some((dim) => dim < 0)) {
      const shapeInput = op.inputs[1];
      const given = shapeInput !== undefined && shapeInput >= 0 ? tensorInt32Data(this.tensor(shapeInput)) : null;
      const fromOptions = op.options.type === 'ReshapeOptions' ? op.options.newShape : null;
      shape = given ? [...given] : (fromOptions ?? shape);
    }
    // A reshape flattens in NHWC order, so it must see the tensor as TFLite holds it.
    const inputs = [this.value(input, 'nhwc'), this.int64Initializer(`${this.tensor(output).name}/onnx_shape`, shape)];
    this.graph.addNode('Reshape', inputs, { outputs: [this.define(output, 'nhwc')] });
  }

  private concatenation(op: TfliteOperator): void {
    const options = expectOptions(op, 'ConcatenationOptions');
    const output = this.output(op);
    const rank = this.tensor(output).shape.length;
    const axis = options.axis < 0 ? options.axis + rank : options.axis;
    const layout = this.commonLayout(op.inputs);
    const inputs = op.inputs.map((index) => this.value(index, layout));
    this.emit('Concat', inputs, { axis: layout === 'nchw' ? nchwAxis(axis) : axis }, output, layout, options.fusedActivation);
  }

  private resizeBilinear(op: TfliteOperator): void {
    const options = expectOptions(op, 'ResizeBilinearOptions');
    const [input, output] = [this.input(op, 0), this.output(op)];
    const [batch, height, width, channels] = this.shape4(output);
    const mode = options.alignCorners ? 'align_corners' : options.halfPixelCenters ? 'half_pixel' : 'asymmetric';
    const sizes = this.int64Initializer(`${this.tensor(output).name}/onnx_sizes`, [batch, channels, height, width]);
    this.graph.addNode('Resize', [this.value(input, 'nchw'), '', '', sizes], {
      outputs: [this.define(output, 'nchw')],
      attributes: { mode: 'linear', coordinate_transformation_mode: mode },
    });
  }

  /** x · relu6(x + 3) / 6, which is ONNX's HardSwish (opset 14) exactly. */
  private hardSwish(op: TfliteOperator): void {
    const input = this.input(op, 0);
    const layout = this.commonLayout([input]);
    this.graph.addNode('HardSwish', [this.value(input, layout)], { outputs: [this.define(this.output(op), layout)] });
  }

  /**
   * MediaPipe's custom transposed convolution with bias (selfie segmentation's last layer). Its
   * custom options are the C struct TfLiteTransposeConvParams: int32 padding, stride_width,
   * stride_height. Inputs: data, filter [O, KH, KW, I], bias [O]. The padding ONNX needs is what
   * makes the declared output size, split as TensorFlow does (the smaller half before).
   */
  private transposeConvBias(op: TfliteOperator): void {
    const options = op.customOptions;
    if (options === null || options.byteLength < 12) throw new Error(`${op.opName}: expected 12 bytes of options, found ${options?.byteLength ?? 0}`);
    const view = new DataView(options.buffer, options.byteOffset, options.byteLength);
    const [strideW, strideH] = [view.getInt32(4, true), view.getInt32(8, true)];
    const [input, filter, bias, output] = [this.input(op, 0), this.input(op, 1), this.input(op, 2), this.output(op)];
    const [, inH, inW, inChannels] = this.shape4(input);
    const [outChannels, kernelH, kernelW, filterChannels] = this.shape4(filter);
    const [, outH, outW] = this.shape4(output);
    if (filterChannels !== inChannels) throw new Error(`${op.opName}: ${inChannels} input channels, filter has ${filterChannels}`);
    const totalH = (inH - 1) * strideH + kernelH - outH;
    const totalW = (inW - 1) * strideW + kernelW - outW;
    if (totalH < 0 || totalW < 0) throw new Error(`${op.opName}: output ${outH}×${outW} is larger than the kernel can reach`);
    // [O, KH, KW, I] → ONNX ConvTranspose's [I, O, KH, KW].
    const weights = permute(this.floatConstant(filter), [outChannels, kernelH, kernelW, inChannels], [3, 0, 1, 2]);
    const filterName = this.tensor(filter).name;
    const inputs = [
      this.value(input, 'nchw'),
      this.graph.addInitializer(`${filterName}/onnx_weights`, { type: 'float32', dims: [inChannels, outChannels, kernelH, kernelW], data: weights }),
      this.graph.addInitializer(`${this.tensor(bias).name}/onnx_bias`, { type: 'float32', dims: [outChannels], data: this.floatConstant(bias) }),
    ];
    const attributes = {
      kernel_shape: [kernelH, kernelW],
      strides: [strideH, strideW],
      pads: [Math.floor(totalH / 2), Math.floor(totalW / 2), totalH - Math.floor(totalH / 2), totalW - Math.floor(totalW / 2)],
    };
    this.emit('ConvTranspose', inputs, attributes, output, 'nchw', 'NONE');
  }

  // ---- values and layouts ----

  private tensor(index: number): TfliteTensor {
    const tensor = this.subgraph.tensors[index];
    if (tensor === undefined) throw new Error(`TFLite: tensor index ${index} out of range`);
    return tensor;
  }

  private input(op: TfliteOperator, position: number): number {
    const index = op.inputs[position];
    if (index === undefined || index < 0) throw new Error(`TFLite ${op.opName}: input ${position} is missing`);
    return index;
  }

  private output(op: TfliteOperator): number {
    const index = op.outputs[0];
    if (index === undefined) throw new Error(`TFLite ${op.opName}: no output`);
    return index;
  }

  private shape4(index: number): [number, number, number, number] {
    const { shape, name } = this.tensor(index);
    if (shape.length !== 4) throw new Error(`TFLite tensor "${name}" has shape [${shape.join(', ')}], expected rank 4`);
    return shape as [number, number, number, number];
  }

  private isConstant(index: number): boolean {
    return this.folded.has(index) || this.tensor(index).data !== null;
  }

  private floatConstant(index: number): Float32Array {
    const values = this.folded.get(index) ?? tensorFloatData(this.tensor(index));
    if (values === null) throw new Error(`TFLite tensor "${this.tensor(index).name}" must be constant here`);
    return values;
  }

  /**
   * The layout an op should compute in: NCHW when every non-constant operand is rank 4 and one of
   * them already is NCHW (constants are rewritten to match), else TFLite's own layout.
   */
  private commonLayout(operands: number[]): Layout {
    const dynamic = operands.filter((index) => !this.isConstant(index));
    const allRank4 = dynamic.every((index) => this.tensor(index).shape.length === 4);
    return allRank4 && dynamic.some((index) => this.values.get(index)?.nchw !== undefined) ? 'nchw' : 'nhwc';
  }

  /** The ONNX name of tensor `index` in `layout`, emitting an initializer or a Transpose if needed. */
  private value(index: number, layout: Layout): string {
    if (this.isConstant(index)) return this.constant(index, layout);
    const known = this.values.get(index);
    const existing = known?.[layout];
    if (existing !== undefined) return existing;
    const other = layout === 'nchw' ? known?.nhwc : known?.nchw;
    if (other === undefined) throw new Error(`TFLite tensor "${this.tensor(index).name}" is used before it is computed`);
    const perm = layout === 'nchw' ? [...NHWC_TO_NCHW] : [...NCHW_TO_NHWC];
    const [name] = this.graph.addNode('Transpose', [other], { outputs: [this.define(index, layout)], attributes: { perm } });
    return name!;
  }

  /** A fresh name for tensor `index` in `layout` (the graph output's own name where it applies). */
  private define(index: number, layout: Layout): string {
    const known = this.values.get(index) ?? {};
    const reserved = this.outputNames.get(index);
    const tensorName = this.tensor(index).name;
    const plain = Object.keys(known).length === 0 && reserved === undefined;
    const name = layout === 'nhwc' && reserved !== undefined ? reserved : this.graph.uniqueName(plain ? tensorName : `${tensorName}/${layout}`);
    known[layout] = name;
    this.values.set(index, known);
    return name;
  }

  private constant(index: number, layout: Layout): string {
    const key = `${index}:${layout}`;
    const cached = this.initializers.get(key);
    if (cached !== undefined) return cached;
    const tensor = this.tensor(index);
    let name: string;
    if (tensor.type === 'int32' || tensor.type === 'int64') {
      if (layout === 'nchw') throw new Error(`TFLite int tensor "${tensor.name}" cannot be used as an NCHW operand`);
      name = this.graph.addInitializer(tensor.name, { type: 'int32', dims: [...tensor.shape], data: tensorInt32Data(tensor)! });
    } else {
      const data = this.floatConstant(index);
      const converted = layout === 'nchw' ? broadcastConstantToNchw(data, tensor.shape) : { data, dims: [...tensor.shape] };
      name = this.graph.addInitializer(layout === 'nchw' ? `${tensor.name}/nchw` : tensor.name, { type: 'float32', ...converted });
    }
    this.initializers.set(key, name);
    return name;
  }

  private int64Initializer(hint: string, values: readonly number[]): string {
    return this.graph.addInitializer(hint, { type: 'int64', dims: [values.length], data: BigInt64Array.from(values, (value) => BigInt(value)) });
  }

  private scalar(value: number): string {
    const cached = this.scalars.get(value);
    if (cached !== undefined) return cached;
    const name = this.graph.addInitializer(`scalar_${value}`, { type: 'float32', dims: [], data: new Float32Array([value]) });
    this.scalars.set(value, name);
    return name;
  }

  /** Adds `opType` producing tensor `output` in `layout`, followed by its fused activation. */
  private emit(
    opType: string,
    inputs: string[],
    attributes: Record<string, number | number[]>,
    output: number,
    layout: Layout,
    activation: TfliteActivation,
  ): void {
    if (activation === 'NONE') {
      this.graph.addNode(opType, inputs, { outputs: [this.define(output, layout)], attributes });
      return;
    }
    const [raw] = this.graph.addNode(opType, inputs, { outputHint: `${this.tensor(output).name}/pre_activation`, attributes });
    this.activation(raw!, activation, this.define(output, layout));
  }

  private activation(input: string, activation: TfliteActivation, output: string): void {
    switch (activation) {
      case 'NONE':
        this.graph.addNode('Identity', [input], { outputs: [output] });
        return;
      case 'RELU':
        this.graph.addNode('Relu', [input], { outputs: [output] });
        return;
      case 'RELU6':
        this.graph.addNode('Clip', [input, this.scalar(0), this.scalar(6)], { outputs: [output] });
        return;
      case 'RELU_N1_TO_1':
        this.graph.addNode('Clip', [input, this.scalar(-1), this.scalar(1)], { outputs: [output] });
        return;
      case 'TANH':
        this.graph.addNode('Tanh', [input], { outputs: [output] });
        return;
      case 'SIGN_BIT':
        throw new Error('TFLite fused activation SIGN_BIT is not supported by the ONNX converter');
    }
  }
}

/** A widening residual block's operators, and the ONNX values made for it so far. */
type WideningResidual = {
  pad: TfliteOperator;
  conv: TfliteOperator;
  add: TfliteOperator;
  relu: TfliteOperator;
  /** The tensor the block pads: its channels are the first half's. */
  skip: number;
  channels: number;
  halves: [string, string] | null;
  sum: string | null;
};

function expectOptions<T extends TfliteBuiltinOptions['type']>(op: TfliteOperator, type: T): Extract<TfliteBuiltinOptions, { type: T }> {
  if (op.options.type !== type) throw new Error(`TFLite ${op.opName}: expected ${type}, found ${op.options.type}`);
  return op.options as Extract<TfliteBuiltinOptions, { type: T }>;
}

function fusedActivationOf(options: TfliteBuiltinOptions): TfliteActivation {
  return 'fusedActivation' in options ? options.fusedActivation : 'NONE';
}
