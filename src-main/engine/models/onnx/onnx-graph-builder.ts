import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * Builds ONNX models in memory: the target of the model converters (TFLite and TF.js graphs are
 * turned into ONNX so that one runtime, onnxruntime-node, runs every model with the same
 * execution providers) and of the tests' small stand-in models.
 *
 * Names are the caller's; `uniqueName` helps converters that need fresh intermediate names.
 */
export type TensorElementType = 'float32' | 'int64' | 'int32';

export type AttributeValue = number | number[] | string | { floats: number[] } | { tensor: ConstantTensor };

export type ConstantTensor = { type: TensorElementType; dims: number[]; data: Float32Array | BigInt64Array | Int32Array };

export type ValueInfo = { name: string; type: TensorElementType; shape: Array<number | string> };

const ELEMENT_TYPES: Record<TensorElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
};

/** The default-domain opset the converters target (onnxruntime 1.30 supports far newer). */
export const DEFAULT_OPSET = 17;

function tensorProto(name: string, tensor: ConstantTensor): InstanceType<typeof onnx.TensorProto> {
  const expected = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (tensor.data.length !== expected) {
    throw new Error(`tensor ${name}: ${tensor.data.length} values for dims [${tensor.dims.join(', ')}]`);
  }
  const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  return onnx.TensorProto.create({
    name,
    dims: tensor.dims,
    dataType: ELEMENT_TYPES[tensor.type],
    // rawData is little-endian, which is what typed arrays hold on every platform we ship to.
    rawData: new Uint8Array(bytes),
  });
}

function attributeProto(name: string, value: AttributeValue): InstanceType<typeof onnx.AttributeProto> {
  const types = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? onnx.AttributeProto.create({ name, type: types.INT, i: value })
      : onnx.AttributeProto.create({ name, type: types.FLOAT, f: value });
  }
  if (typeof value === 'string') return onnx.AttributeProto.create({ name, type: types.STRING, s: new TextEncoder().encode(value) });
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: types.INTS, ints: value });
  if ('floats' in value) return onnx.AttributeProto.create({ name, type: types.FLOATS, floats: value.floats });
  return onnx.AttributeProto.create({ name, type: types.TENSOR, t: tensorProto(`${name}_value`, value.tensor) });
}

function valueInfoProto(info: ValueInfo): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name: info.name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[info.type],
        shape: { dim: info.shape.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  });
}

export class OnnxGraphBuilder {
  private readonly nodes: Array<InstanceType<typeof onnx.NodeProto>> = [];
  private readonly initializers: Array<InstanceType<typeof onnx.TensorProto>> = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly usedNames = new Set<string>();
  /** Values renamed after nodes read them (renameValue): later nodes' inputs follow the new name. */
  private readonly aliases = new Map<string, string>();
  private counter = 0;

  constructor(private readonly graphName: string) {}

  /** A name not used before in this graph, derived from `hint`. */
  uniqueName(hint: string): string {
    let name = hint;
    while (this.usedNames.has(name)) name = `${hint}__${++this.counter}`;
    this.usedNames.add(name);
    return name;
  }

  addInput(info: ValueInfo): string {
    this.usedNames.add(info.name);
    this.inputs.push(info);
    return info.name;
  }

  addOutput(info: ValueInfo): void {
    this.outputs.push(info);
  }

  /** A constant tensor (weights, shapes); returns its name. */
  addInitializer(name: string, tensor: ConstantTensor): string {
    const unique = this.uniqueName(name);
    this.initializers.push(tensorProto(unique, tensor));
    return unique;
  }

  /** Adds a node; returns its output names (fresh ones derived from `outputHint` unless given). */
  addNode(
    opType: string,
    inputs: string[],
    options: { outputs?: string[]; outputHint?: string; attributes?: Record<string, AttributeValue>; domain?: string } = {},
  ): string[] {
    const outputs = options.outputs ?? [this.uniqueName(options.outputHint ?? opType.toLowerCase())];
    for (const output of outputs) this.usedNames.add(output);
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        input: inputs.map((input) => this.aliases.get(input) ?? input),
        output: outputs,
        name: this.uniqueName(`${opType}_${this.nodes.length}`),
        domain: options.domain ?? '',
        attribute: Object.entries(options.attributes ?? {}).map(([key, value]) => attributeProto(key, value)),
      }),
    );
    return outputs;
  }

  /**
   * Gives the value a node made a new name (a graph output's), in that node and in every reader, so
   * that the output needs no Identity copy. False, and nothing changed, when no node makes `from`
   * (a graph input or an initializer) or a node already makes `to`.
   */
  renameValue(from: string, to: string): boolean {
    const producer = this.nodes.find((node) => node.output.includes(from));
    if (!producer || this.nodes.some((node) => node.output.includes(to))) return false;
    producer.output = producer.output.map((output) => (output === from ? to : output));
    for (const node of this.nodes) node.input = node.input.map((input) => (input === from ? to : input));
    this.aliases.set(from, to);
    this.usedNames.add(to);
    return true;
  }

  /**
   * Serialises the model (ONNX IR 8, default-domain opset `opset`). Nodes whose outputs nothing
   * reads (a converter's rewrite left them behind) are dropped, and the initializers only they read:
   * onnxruntime would run them all the same.
   */
  toBytes(options: { opset?: number; producer?: string; docString?: string } = {}): Uint8Array {
    this.dropUnread();
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: options.producer ?? 'culler',
      docString: options.docString ?? '',
      opsetImport: [{ domain: '', version: options.opset ?? DEFAULT_OPSET }],
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfoProto),
        output: this.outputs.map(valueInfoProto),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private dropUnread(): void {
    const read = new Set(this.outputs.map((output) => output.name));
    const kept: typeof this.nodes = [];
    // Nodes are in topological order: walking back, a node is live when a later live node or the graph reads it.
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i]!;
      if (!node.output.some((output) => read.has(output))) continue;
      kept.push(node);
      for (const input of node.input) read.add(input);
    }
    this.nodes.splice(0, this.nodes.length, ...kept.reverse());
    const initializers = this.initializers.filter((initializer) => read.has(initializer.name));
    this.initializers.splice(0, this.initializers.length, ...initializers);
  }
}
