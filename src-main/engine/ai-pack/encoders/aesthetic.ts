import { readFileSync } from 'node:fs';
import type { ExecutionProvider } from '../../models/execution-providers.js';
import { AiPackModelError, findModelFile, installedDirectory, openComponent, pickName, type AiPackLoadOptions } from './ai-pack-models.js';
import { readStoredZipEntries } from './stored-zip.js';
import { dot, l2Normalize } from './vectors.js';

/**
 * The LAION aesthetic predictor for ViT-B/16 (component laion-aesthetic-vit-b16): one linear layer
 * 512 → 1 on the L2-normalised CLIP ViT-B/16 image embedding.
 *
 * The pack installs LAION's own file, sa_0_4_vit_b_16_linear.pth (a PyTorch state_dict: weight
 * [1, 512], bias [1]). A 512-term dot product needs no runtime, so it is computed here in float64;
 * an ONNX export of the head ([batch, 512] → [batch, 1], any names) runs through onnxruntime instead.
 *
 * Scale: the head's own, not rescaled. It was fitted to human aesthetic ratings on a 1–10 scale,
 * so scores read as "out of 10": ordinary photos mostly land between about 4 and 7, and being a
 * linear regression it can fall slightly outside 1–10 (it is not clamped).
 */

/** The input must be the 512-d embedding of CLIP ViT-B/16 (clip.ts), nothing else. */
export const AESTHETIC_EMBEDDING_SIZE = 512;
const ID = 'laion-aesthetic-vit-b16';
const PTH_FILE = 'sa_0_4_vit_b_16_linear.pth';

export type AestheticHead = {
  readonly componentId: typeof ID;
  /** 'cpu' for the PyTorch file, computed in JavaScript. */
  readonly provider: ExecutionProvider;
  /** One score per embedding, on the head's native ~1–10 scale. */
  score(clipImageEmbeddings: readonly Float32Array[]): Promise<number[]>;
  close(): Promise<void>;
};

/** weight and bias of a torch.save'd nn.Linear(512, 1) state_dict, told apart by their sizes. */
export function readLinearHead(bytes: Uint8Array): { weight: Float32Array; bias: number } {
  const entries = readStoredZipEntries(bytes);
  const byteOrder = [...entries].find(([name]) => name.endsWith('/byteorder'))?.[1];
  if (byteOrder && new TextDecoder().decode(byteOrder).trim() !== 'little') throw new Error('tensors are stored big-endian');
  const tensors = [...entries].filter(([name]) => /\/data\/\d+$/.test(name)).map(([, data]) => data);
  const weight = tensors.find((data) => data.byteLength === AESTHETIC_EMBEDDING_SIZE * 4);
  const bias = tensors.find((data) => data.byteLength === 4);
  if (tensors.length !== 2 || !weight || !bias) {
    throw new Error(`expected two tensors, ${AESTHETIC_EMBEDDING_SIZE} weights and one bias; found sizes ${tensors.map((data) => data.byteLength).join(', ') || 'none'} (bytes)`);
  }
  // Copies (new Uint8Array, not slice: on a Buffer that is a view): the entries sit at unaligned offsets.
  return { weight: new Float32Array(new Uint8Array(weight).buffer), bias: new Float32Array(new Uint8Array(bias).buffer)[0]! };
}

function checkedRows(embeddings: readonly Float32Array[]): Float32Array[] {
  return embeddings.map((embedding) => {
    if (embedding.length !== AESTHETIC_EMBEDDING_SIZE) {
      throw new Error(`the aesthetic head takes a ${AESTHETIC_EMBEDDING_SIZE}-d CLIP ViT-B/16 embedding, got ${embedding.length} values`);
    }
    // The head was fitted on normalised embeddings; normalising again is harmless.
    return l2Normalize(embedding);
  });
}

export async function loadAestheticHead(home: string, options: AiPackLoadOptions = {}): Promise<AestheticHead> {
  const directory = installedDirectory(home, ID);
  const pth = findModelFile(directory, ID, [PTH_FILE], '.pth');
  if (pth) {
    let head: { weight: Float32Array; bias: number };
    try {
      head = readLinearHead(readFileSync(pth));
    } catch (error) {
      throw new AiPackModelError('model_corrupt', ID, `cannot read ${pth}: ${(error as Error).message}`, { cause: error });
    }
    return {
      componentId: ID,
      provider: 'cpu',
      score: async (embeddings) => checkedRows(embeddings).map((row) => dot(row, head.weight) + head.bias),
      close: async () => {},
    };
  }
  return loadOnnxHead(home, options);
}

async function loadOnnxHead(home: string, options: AiPackLoadOptions): Promise<AestheticHead> {
  const { session } = await openComponent(home, ID, options);
  try {
    // Exports of a bare linear layer name their one input and output freely.
    if (session.inputs.length !== 1) throw new AiPackModelError('model_unsupported', ID, `expected one input, the model has ${session.inputs.length}`);
    const input = session.inputs[0]!;
    const width = input.shape[input.shape.length - 1];
    if (input.shape.length !== 2 || (typeof width === 'number' && width !== AESTHETIC_EMBEDDING_SIZE)) {
      throw new AiPackModelError('model_unsupported', ID, `expected an input [batch, ${AESTHETIC_EMBEDDING_SIZE}], the model has [${input.shape.join(', ')}]`);
    }
    const output = session.outputs.length === 1 ? session.outputs[0]!.name : pickName(ID, session.outputs, ['score', 'scores', 'logits', 'output'], 'score output');
    return {
      componentId: ID,
      provider: session.provider,
      async score(embeddings) {
        if (embeddings.length === 0) return [];
        const data = new Float32Array(embeddings.length * AESTHETIC_EMBEDDING_SIZE);
        checkedRows(embeddings).forEach((row, index) => data.set(row, index * AESTHETIC_EMBEDDING_SIZE));
        const result = (await session.run({ [input.name]: { type: 'float32', data, dims: [embeddings.length, AESTHETIC_EMBEDDING_SIZE] } }, [output]))[output]!;
        if (result.data.length !== embeddings.length) throw new Error(`${ID}: expected one score per embedding, got [${result.dims.join(', ')}]`);
        return Array.from(result.data);
      },
      close: () => session.release(),
    };
  } catch (error) {
    await session.release();
    throw error;
  }
}
