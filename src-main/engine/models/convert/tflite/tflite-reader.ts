import { Table, rootTable } from './flatbuffer-table.js';

/**
 * Reads a .tflite flatbuffer (tensorflow/lite/schema/schema.fbs) into plain objects, for the
 * TFLite → ONNX converter. Accessors are hand-written for the tables the converter needs; a field's
 * vtable slot is its index in the schema, so the field order below must follow the schema exactly.
 * Constant data is returned as views into the model's bytes (no copies).
 */

export type TfliteTensorType =
  | 'float32'
  | 'float16'
  | 'int32'
  | 'uint8'
  | 'int64'
  | 'string'
  | 'bool'
  | 'int16'
  | 'complex64'
  | 'int8'
  | 'float64'
  | 'complex128'
  | 'uint64'
  | 'resource'
  | 'variant'
  | 'uint32'
  | 'uint16'
  | 'int4';

/** schema.fbs `enum TensorType`, in value order. */
const TENSOR_TYPES: readonly TfliteTensorType[] = [
  'float32',
  'float16',
  'int32',
  'uint8',
  'int64',
  'string',
  'bool',
  'int16',
  'complex64',
  'int8',
  'float64',
  'complex128',
  'uint64',
  'resource',
  'variant',
  'uint32',
  'uint16',
  'int4',
];

/** schema.fbs `enum BuiltinOperator`, in value order (0…126; 127 is a placeholder). */
const BUILTIN_OPERATOR_NAMES: readonly string[] = [
  'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEPTH_TO_SPACE', 'DEQUANTIZE',
  'EMBEDDING_LOOKUP', 'FLOOR', 'FULLY_CONNECTED', 'HASHTABLE_LOOKUP', 'L2_NORMALIZATION', 'L2_POOL_2D',
  'LOCAL_RESPONSE_NORMALIZATION', 'LOGISTIC', 'LSH_PROJECTION', 'LSTM', 'MAX_POOL_2D', 'MUL', 'RELU', 'RELU_N1_TO_1',
  'RELU6', 'RESHAPE', 'RESIZE_BILINEAR', 'RNN', 'SOFTMAX', 'SPACE_TO_DEPTH', 'SVDF', 'TANH', 'CONCAT_EMBEDDINGS',
  'SKIP_GRAM', 'CALL', 'CUSTOM', 'EMBEDDING_LOOKUP_SPARSE', 'PAD', 'UNIDIRECTIONAL_SEQUENCE_RNN', 'GATHER',
  'BATCH_TO_SPACE_ND', 'SPACE_TO_BATCH_ND', 'TRANSPOSE', 'MEAN', 'SUB', 'DIV', 'SQUEEZE', 'UNIDIRECTIONAL_SEQUENCE_LSTM',
  'STRIDED_SLICE', 'BIDIRECTIONAL_SEQUENCE_RNN', 'EXP', 'TOPK_V2', 'SPLIT', 'LOG_SOFTMAX', 'DELEGATE',
  'BIDIRECTIONAL_SEQUENCE_LSTM', 'CAST', 'PRELU', 'MAXIMUM', 'ARG_MAX', 'MINIMUM', 'LESS', 'NEG', 'PADV2', 'GREATER',
  'GREATER_EQUAL', 'LESS_EQUAL', 'SELECT', 'SLICE', 'SIN', 'TRANSPOSE_CONV', 'SPARSE_TO_DENSE', 'TILE', 'EXPAND_DIMS',
  'EQUAL', 'NOT_EQUAL', 'LOG', 'SUM', 'SQRT', 'RSQRT', 'SHAPE', 'POW', 'ARG_MIN', 'FAKE_QUANT', 'REDUCE_PROD',
  'REDUCE_MAX', 'PACK', 'LOGICAL_OR', 'ONE_HOT', 'LOGICAL_AND', 'LOGICAL_NOT', 'UNPACK', 'REDUCE_MIN', 'FLOOR_DIV',
  'REDUCE_ANY', 'SQUARE', 'ZEROS_LIKE', 'FILL', 'FLOOR_MOD', 'RANGE', 'RESIZE_NEAREST_NEIGHBOR', 'LEAKY_RELU',
  'SQUARED_DIFFERENCE', 'MIRROR_PAD', 'ABS', 'SPLIT_V', 'UNIQUE', 'CEIL', 'REVERSE_V2', 'ADD_N', 'GATHER_ND', 'COS',
  'WHERE', 'RANK', 'ELU', 'REVERSE_SEQUENCE', 'MATRIX_DIAG', 'QUANTIZE', 'MATRIX_SET_DIAG', 'ROUND', 'HARD_SWISH', 'IF',
  'WHILE', 'NON_MAX_SUPPRESSION_V4', 'NON_MAX_SUPPRESSION_V5', 'SCATTER_ND', 'SELECT_V2', 'DENSIFY', 'SEGMENT_SUM',
  'BATCH_MATMUL',
];

/** BuiltinOperator values the converter refers to by name. */
export const BuiltinOperator = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  MAX_POOL_2D: 17,
  MUL: 18,
  RELU: 19,
  RELU_N1_TO_1: 20,
  RELU6: 21,
  RESHAPE: 22,
  RESIZE_BILINEAR: 23,
  TANH: 28,
  CUSTOM: 32,
  PAD: 34,
  SUB: 41,
  DIV: 42,
  PRELU: 54,
  PADV2: 60,
  HARD_SWISH: 117,
} as const;

/** The operator's name as the schema spells it (`CUSTOM(name)` for custom operators). */
export function builtinOperatorName(code: number): string {
  return BUILTIN_OPERATOR_NAMES[code] ?? `BUILTIN_OPERATOR_${code}`;
}

export type TfliteActivation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6' | 'TANH' | 'SIGN_BIT';
const ACTIVATIONS: readonly TfliteActivation[] = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'];

export type TflitePadding = 'SAME' | 'VALID';

/** The builtin options tables the converter reads; every other table is reported as `other`. */
export type TfliteBuiltinOptions =
  | { type: 'none' }
  | {
      type: 'Conv2DOptions';
      padding: TflitePadding;
      strideW: number;
      strideH: number;
      fusedActivation: TfliteActivation;
      dilationW: number;
      dilationH: number;
    }
  | {
      type: 'DepthwiseConv2DOptions';
      padding: TflitePadding;
      strideW: number;
      strideH: number;
      depthMultiplier: number;
      fusedActivation: TfliteActivation;
      dilationW: number;
      dilationH: number;
    }
  | {
      type: 'Pool2DOptions';
      padding: TflitePadding;
      strideW: number;
      strideH: number;
      filterWidth: number;
      filterHeight: number;
      fusedActivation: TfliteActivation;
    }
  | { type: 'FullyConnectedOptions'; fusedActivation: TfliteActivation; weightsFormat: number; keepNumDims: boolean }
  | { type: 'ConcatenationOptions'; axis: number; fusedActivation: TfliteActivation }
  | { type: 'AddOptions' | 'MulOptions' | 'SubOptions' | 'DivOptions'; fusedActivation: TfliteActivation }
  | { type: 'ReshapeOptions'; newShape: number[] | null }
  | { type: 'ResizeBilinearOptions'; alignCorners: boolean; halfPixelCenters: boolean }
  | { type: 'PadOptions' | 'PadV2Options' | 'DequantizeOptions' }
  | { type: 'other'; unionType: number };

export type TfliteQuantization = { scale: number[]; zeroPoint: number[]; quantizedDimension: number };

export type TfliteTensor = {
  index: number;
  name: string;
  shape: number[];
  type: TfliteTensorType;
  buffer: number;
  /** The constant contents, or null for activations (buffer 0 or an empty buffer). */
  data: Uint8Array | null;
  quantization: TfliteQuantization | null;
};

export type TfliteOperator = {
  opcodeIndex: number;
  builtinCode: number;
  /** `CONV_2D`, …, or `CUSTOM(name)`. */
  opName: string;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  options: TfliteBuiltinOptions;
  /** A custom operator's raw options (MediaPipe's custom ops pass a C struct here); null when none. */
  customOptions: Uint8Array | null;
};

export type TfliteSubgraph = {
  name: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
};

export type TfliteOperatorCode = { builtinCode: number; customCode: string | null; version: number };

export type TfliteModel = {
  version: number;
  description: string;
  operatorCodes: TfliteOperatorCode[];
  subgraphs: TfliteSubgraph[];
};

// Field indices, in schema order.
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4 } as const;
const OPERATOR_CODE = { deprecatedBuiltinCode: 0, customCode: 1, version: 2, builtinCode: 3 } as const;
const SUBGRAPH = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 } as const;
const TENSOR = { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4 } as const;
const QUANTIZATION = { min: 0, max: 1, scale: 2, zeroPoint: 3, detailsType: 4, details: 5, quantizedDimension: 6 } as const;
// `builtin_options` is a union: it takes two slots, the type (3) and the table (4).
const OPERATOR = { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptionsType: 3, builtinOptions: 4, customOptions: 5 } as const;
const BUFFER = { data: 0, offset: 1, size: 2 } as const;

/** schema.fbs `union BuiltinOptions` member values (1-based; 0 is NONE) for the tables read here. */
const OPTIONS_UNION = {
  Conv2DOptions: 1,
  DepthwiseConv2DOptions: 2,
  Pool2DOptions: 5,
  FullyConnectedOptions: 8,
  ConcatenationOptions: 10,
  AddOptions: 11,
  ResizeBilinearOptions: 15,
  ReshapeOptions: 17,
  MulOptions: 21,
  PadOptions: 22,
  SubOptions: 28,
  DivOptions: 29,
  DequantizeOptions: 38,
  PadV2Options: 43,
} as const;

function padding(value: number): TflitePadding {
  if (value === 0) return 'SAME';
  if (value === 1) return 'VALID';
  throw new Error(`TFLite: unknown padding ${value}`);
}

function activation(value: number): TfliteActivation {
  const name = ACTIVATIONS[value];
  if (name === undefined) throw new Error(`TFLite: unknown fused activation ${value}`);
  return name;
}

function readOptions(unionType: number, table: Table | null): TfliteBuiltinOptions {
  if (unionType === 0) return { type: 'none' };
  const t = table ?? Table.empty();
  switch (unionType) {
    case OPTIONS_UNION.Conv2DOptions:
      return {
        type: 'Conv2DOptions',
        padding: padding(t.int8(0)),
        strideW: t.int32(1),
        strideH: t.int32(2),
        fusedActivation: activation(t.int8(3)),
        dilationW: t.int32(4, 1),
        dilationH: t.int32(5, 1),
      };
    case OPTIONS_UNION.DepthwiseConv2DOptions:
      return {
        type: 'DepthwiseConv2DOptions',
        padding: padding(t.int8(0)),
        strideW: t.int32(1),
        strideH: t.int32(2),
        depthMultiplier: t.int32(3),
        fusedActivation: activation(t.int8(4)),
        dilationW: t.int32(5, 1),
        dilationH: t.int32(6, 1),
      };
    case OPTIONS_UNION.Pool2DOptions:
      return {
        type: 'Pool2DOptions',
        padding: padding(t.int8(0)),
        strideW: t.int32(1),
        strideH: t.int32(2),
        filterWidth: t.int32(3),
        filterHeight: t.int32(4),
        fusedActivation: activation(t.int8(5)),
      };
    case OPTIONS_UNION.FullyConnectedOptions:
      return {
        type: 'FullyConnectedOptions',
        fusedActivation: activation(t.int8(0)),
        weightsFormat: t.int8(1),
        keepNumDims: t.bool(2),
      };
    case OPTIONS_UNION.ConcatenationOptions:
      return { type: 'ConcatenationOptions', axis: t.int32(0), fusedActivation: activation(t.int8(1)) };
    case OPTIONS_UNION.AddOptions:
      return { type: 'AddOptions', fusedActivation: activation(t.int8(0)) };
    case OPTIONS_UNION.MulOptions:
      return { type: 'MulOptions', fusedActivation: activation(t.int8(0)) };
    case OPTIONS_UNION.SubOptions:
      return { type: 'SubOptions', fusedActivation: activation(t.int8(0)) };
    case OPTIONS_UNION.DivOptions:
      return { type: 'DivOptions', fusedActivation: activation(t.int8(0)) };
    case OPTIONS_UNION.ReshapeOptions:
      return { type: 'ReshapeOptions', newShape: t.int32s(0) };
    case OPTIONS_UNION.ResizeBilinearOptions:
      // Slots 0 and 1 (new_height, new_width) are deprecated; the size is the op's second input.
      return { type: 'ResizeBilinearOptions', alignCorners: t.bool(2), halfPixelCenters: t.bool(3) };
    case OPTIONS_UNION.PadOptions:
      return { type: 'PadOptions' };
    case OPTIONS_UNION.PadV2Options:
      return { type: 'PadV2Options' };
    case OPTIONS_UNION.DequantizeOptions:
      return { type: 'DequantizeOptions' };
    default:
      return { type: 'other', unionType };
  }
}

function readQuantization(table: Table | null): TfliteQuantization | null {
  if (table === null) return null;
  const scale = table.float32s(QUANTIZATION.scale);
  if (scale === null || scale.length === 0) return null;
  return {
    scale,
    zeroPoint: (table.int64s(QUANTIZATION.zeroPoint) ?? []).map(Number),
    quantizedDimension: table.int32(QUANTIZATION.quantizedDimension),
  };
}

function readBuffer(bytes: Uint8Array, table: Table): Uint8Array | null {
  const data = table.bytes(BUFFER.data);
  if (data !== null && data.length > 0) return data;
  // Models over 2 GB keep their data after the flatbuffer, addressed by offset and size.
  const offset = table.uint64(BUFFER.offset);
  const size = table.uint64(BUFFER.size);
  if (offset > 1n && size > 0n) return bytes.subarray(Number(offset), Number(offset + size));
  return null;
}

export function readTfliteModel(bytes: Uint8Array): TfliteModel {
  if (bytes.length < 8) throw new Error('not a TFLite model (too short)');
  const { root: model, bb } = rootTable(bytes);
  if (bb.getBufferIdentifier() !== 'TFL3') throw new Error('not a TFLite model (the flatbuffer identifier is not "TFL3")');

  const buffers = model.tables(MODEL.buffers).map((table) => readBuffer(bytes, table));
  const operatorCodes = model.tables(MODEL.operatorCodes).map((table): TfliteOperatorCode => {
    // Codes below 127 may live only in the old byte field; newer writers fill both.
    const deprecated = table.int8(OPERATOR_CODE.deprecatedBuiltinCode);
    const extended = table.int32(OPERATOR_CODE.builtinCode);
    return {
      builtinCode: Math.max(deprecated, extended),
      customCode: table.string(OPERATOR_CODE.customCode),
      version: table.int32(OPERATOR_CODE.version, 1),
    };
  });

  const subgraphs = model.tables(MODEL.subgraphs).map((subgraph): TfliteSubgraph => {
    const tensors = subgraph.tables(SUBGRAPH.tensors).map((tensor, index): TfliteTensor => {
      const typeCode = tensor.int8(TENSOR.type);
      const type = TENSOR_TYPES[typeCode];
      if (type === undefined) throw new Error(`TFLite: tensor ${index} has unknown type ${typeCode}`);
      const buffer = tensor.uint32(TENSOR.buffer);
      return {
        index,
        name: tensor.string(TENSOR.name) ?? `tensor_${index}`,
        shape: tensor.int32s(TENSOR.shape) ?? [],
        type,
        buffer,
        data: buffer === 0 ? null : (buffers[buffer] ?? null),
        quantization: readQuantization(tensor.table(TENSOR.quantization)),
      };
    });
    const operators = subgraph.tables(SUBGRAPH.operators).map((operator): TfliteOperator => {
      const opcodeIndex = operator.uint32(OPERATOR.opcodeIndex);
      const code = operatorCodes[opcodeIndex];
      if (code === undefined) throw new Error(`TFLite: operator refers to missing operator code ${opcodeIndex}`);
      const opName =
        code.builtinCode === BuiltinOperator.CUSTOM ? `CUSTOM(${code.customCode ?? '?'})` : builtinOperatorName(code.builtinCode);
      return {
        opcodeIndex,
        builtinCode: code.builtinCode,
        opName,
        inputs: operator.int32s(OPERATOR.inputs) ?? [],
        outputs: operator.int32s(OPERATOR.outputs) ?? [],
        options: readOptions(operator.uint8(OPERATOR.builtinOptionsType), operator.table(OPERATOR.builtinOptions)),
        customOptions: operator.bytes(OPERATOR.customOptions),
      };
    });
    return {
      name: subgraph.string(SUBGRAPH.name) ?? '',
      tensors,
      inputs: subgraph.int32s(SUBGRAPH.inputs) ?? [],
      outputs: subgraph.int32s(SUBGRAPH.outputs) ?? [],
      operators,
    };
  });

  return {
    version: model.uint32(MODEL.version),
    description: model.string(MODEL.description) ?? '',
    operatorCodes,
    subgraphs,
  };
}
