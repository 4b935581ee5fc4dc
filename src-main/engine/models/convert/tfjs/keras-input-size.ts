import type { TfjsModelJson } from './tfjs-model-json.js';

type KerasLayer = { name?: string; class_name?: string; config?: { name?: string; batch_input_shape?: unknown[] }; inbound_nodes?: unknown };

/**
 * A copy of a Keras layers model that takes a square NHWC input of `size` pixels instead of its
 * declared one, cut after `lastLayer` (which becomes its only declared output): a fully
 * convolutional trunk runs at any size, but a classifier head whose pooling and flattening were
 * built for the declared size does not (MobileNetV2 at 448² would flatten 2×2 cells into a dense
 * layer made for one). The layers after `lastLayer` must not feed the ones before it.
 */
export function atKerasInputSize(modelJson: TfjsModelJson, size: number, lastLayer: string): TfjsModelJson {
  const topology = modelJson.modelTopology as Record<string, unknown>;
  const model = (topology['model_config'] ?? topology) as { config?: { layers?: KerasLayer[]; output_layers?: unknown[][] } };
  const layers = model.config?.layers;
  if (!layers || !Array.isArray(model.config?.output_layers)) throw new Error('a new input size needs a functional Keras model (one that declares output_layers)');
  const nameOf = (layer: KerasLayer): string | undefined => layer.name ?? layer.config?.name;
  const cut = layers.findIndex((layer) => nameOf(layer) === lastLayer);
  if (cut < 0) throw new Error(`the model has no layer ${lastLayer} to end at`);
  const input = layers[0]!;
  if (input.class_name !== 'InputLayer' || !Array.isArray(input.config?.batch_input_shape) || input.config.batch_input_shape.length !== 4) throw new Error('the model does not start with an NHWC InputLayer');
  const kept = layers.slice(0, cut + 1);
  const dropped = new Set(layers.slice(cut + 1).map(nameOf));
  for (const layer of kept) {
    if (JSON.stringify(layer.inbound_nodes ?? []).match(/"([^"]+)"/g)?.some((quoted) => dropped.has(quoted.slice(1, -1)))) throw new Error(`${nameOf(layer)} reads a layer after ${lastLayer}`);
  }
  const resized = { ...input, config: { ...input.config, batch_input_shape: [null, size, size, input.config.batch_input_shape[3]] } };
  const copied = { ...model, config: { ...model.config, layers: [resized, ...kept.slice(1)], output_layers: [[lastLayer, 0, 0]] } };
  return { ...modelJson, modelTopology: 'model_config' in topology ? { ...topology, model_config: copied } : copied } as TfjsModelJson;
}
