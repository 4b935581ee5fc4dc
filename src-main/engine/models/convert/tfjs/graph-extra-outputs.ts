/**
 * A copy of a TF.js graph model whose signature also names these inner nodes as outputs, so that
 * the converted ONNX model answers with their values beside its own outputs, in one run (the graph
 * counterpart of keras-extra-outputs.ts). NanoDet's backbone stages and feature-pyramid levels are
 * generic image features at 416², used by the whole-photo quality estimate. The declared outputs
 * stay first, in their order.
 */
export function withExtraGraphOutputs<T extends object>(modelJson: T, nodeNames: readonly string[]): T {
  if (nodeNames.length === 0) return modelJson;
  const model = modelJson as { signature?: { outputs?: Record<string, { name: string }> }; modelTopology?: { node?: Array<{ name: string }> } };
  const known = new Set((model.modelTopology?.node ?? []).map((node) => node.name));
  for (const name of nodeNames) if (!known.has(name)) throw new Error(`the graph has no node ${name} to expose as an output`);
  const outputs = model.signature?.outputs;
  if (!outputs || Object.keys(outputs).length === 0) throw new Error('extra outputs need a graph model whose signature declares its outputs');
  const extra = Object.fromEntries(nodeNames.map((name) => [`${name}:0`, { name: `${name}:0` }]));
  return { ...modelJson, signature: { ...model.signature, outputs: { ...outputs, ...extra } } };
}
