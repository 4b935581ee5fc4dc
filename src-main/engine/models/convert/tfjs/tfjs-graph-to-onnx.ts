import { convertGraphModel, graphTopologySchema, signatureSchema } from './graph-model-to-onnx.js';
import { convertKerasModel } from './keras-layers-to-onnx.js';
import type { TensorSpec } from './onnx-lowering.js';
import { decodeTfjsWeights, tfjsModelJsonSchema } from './tfjs-model-json.js';

export type { TensorSpec } from './onnx-lowering.js';
export { SUPPORTED_GRAPH_OPS } from './graph-model-to-onnx.js';
export { SUPPORTED_KERAS_LAYERS } from './keras-layers-to-onnx.js';

/**
 * Converts a TF.js model (model.json + weight data) to ONNX, in memory, so onnxruntime runs it with
 * the same execution providers as every other model.
 *
 * Two TF.js formats exist and nsfwjs ships both: graph models (format "graph-model", a list of
 * TensorFlow ops; nsfwjs's mobilenet_v2_mid, which nsfwjs loads with tf.loadGraphModel) and Keras
 * layers models (a Keras model_config; the default nsfwjs MobileNetV2, loaded with
 * tf.loadLayersModel). This entry point takes either: graph-model-to-onnx.ts and
 * keras-layers-to-onnx.ts are the two front ends, onnx-lowering.ts the ONNX they share.
 *
 * The ONNX model takes the TF.js input as it is, NHWC float32 ([batch, 224, 224, 3] for nsfwjs),
 * and transposes to NCHW inside. An op or layer the converter does not know throws an Error
 * naming it; weights are dequantised at conversion time (uint8/uint16/float16 → float32).
 */
export type ConvertOptions = {
  /** The batch dimension of the ONNX input: a fixed size (default 1) or 'dynamic'. */
  batchSize?: number | 'dynamic';
  /** The ONNX graph's name. */
  graphName?: string;
};

export type ConvertedModel = { onnx: Uint8Array; inputs: TensorSpec[]; outputs: TensorSpec[] };

/** Converts a TF.js graph or layers model to ONNX. */
export function convertTfjsGraphToOnnx(modelJson: object, weightData: ArrayBuffer, options: ConvertOptions = {}): ConvertedModel {
  const model = tfjsModelJsonSchema.parse(modelJson);
  const weights = decodeTfjsWeights(model, weightData);
  const batch = options.batchSize === 'dynamic' ? -1 : (options.batchSize ?? 1);
  if (batch !== -1 && !(Number.isInteger(batch) && batch > 0)) throw new Error(`batchSize must be a positive integer or 'dynamic', got ${batch}`);
  const topology = model.modelTopology;
  if ('node' in topology) {
    // TF.js reads the signature from the top level (newer converters) or userDefinedMetadata.
    const signature = signatureSchema.safeParse((model as { signature?: unknown }).signature ?? model.userDefinedMetadata?.['signature']);
    return convertGraphModel(graphTopologySchema.parse(topology), weights, batch, options.graphName ?? 'tfjs_graph', signature.success ? signature.data : {});
  }
  if ('model_config' in topology || 'class_name' in topology) return convertKerasModel(topology, weights, batch, options.graphName ?? 'tfjs_layers');
  throw new Error('model.json is neither a TF.js graph model (modelTopology.node) nor a layers model (modelTopology.model_config)');
}
