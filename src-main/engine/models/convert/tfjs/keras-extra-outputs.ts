import type { TfjsModelJson } from './tfjs-model-json.js';

/**
 * A copy of a Keras layers model whose `output_layers` also name these inner layers, so that the
 * converted ONNX model answers with their values beside its own output(s), in one run. The content
 * classifier's penultimate pooled layer is a content embedding that grouping compares near-identical
 * shots by (see grouping/content-embedding.ts). The declared outputs stay first, in their order.
 */
export function withExtraKerasOutputs(modelJson: TfjsModelJson, layerNames: readonly string[]): TfjsModelJson {
  if (layerNames.length === 0) return modelJson;
  const topology = modelJson.modelTopology as Record<string, unknown>;
  const model = (topology['model_config'] ?? topology) as { class_name?: string; config?: { layers?: Array<{ name?: string; config?: { name?: string } }>; output_layers?: unknown[][] } };
  const config = model.config;
  if (!config || Array.isArray(config) || !Array.isArray(config.output_layers)) throw new Error('extra outputs need a functional Keras model (one that declares output_layers)');
  const known = new Set((config.layers ?? []).map((layer) => layer.name ?? layer.config?.name));
  for (const name of layerNames) if (!known.has(name)) throw new Error(`the model has no layer ${name} to expose as an output`);
  const declared = new Set(config.output_layers.map((reference) => String(reference[0])));
  const outputLayers = [...config.output_layers, ...layerNames.filter((name) => !declared.has(name)).map((name) => [name, 0, 0])];
  const copied = { ...model, config: { ...config, output_layers: outputLayers } };
  return { ...modelJson, modelTopology: 'model_config' in topology ? { ...topology, model_config: copied } : copied } as TfjsModelJson;
}
