import { mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../../test-support/corpus.js';
import { AESTHETIC_EMBEDDING_SIZE, loadAestheticHead, readLinearHead, type AestheticHead } from './aesthetic.js';
import { AiPackModelError, componentDirectory } from './ai-pack-models.js';
import { randomMatrix, writeComponent } from './ai-pack-stand-ins.fixture.js';
import { linearHeadPth, linearOnnx, storedZip } from './stand-in-models.fixture.js';
import { dot, l2Normalize } from './vectors.js';

const folder = temporaryFolder();
afterAll(() => folder.remove());
const cpu = { env: { CULLER_EXECUTION_PROVIDERS: 'cpu' } };
const weights = randomMatrix(AESTHETIC_EMBEDDING_SIZE, 1, 31);
const BIAS = 5.5;

let count = 0;
function home(): string {
  return `${folder.dir}/home-${++count}`;
}

async function loadError(dir: string): Promise<AiPackModelError> {
  const error = await loadAestheticHead(dir, cpu).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AiPackModelError);
  return error as AiPackModelError;
}

/** The head's contract, whichever file it was loaded from. */
async function expectLinearScores(head: AestheticHead): Promise<void> {
  const embeddings = [randomMatrix(1, AESTHETIC_EMBEDDING_SIZE, 1), randomMatrix(1, AESTHETIC_EMBEDDING_SIZE, 2)];
  const scores = await head.score(embeddings);
  expect(scores).toHaveLength(2);
  embeddings.forEach((embedding, index) => expect(scores[index]).toBeCloseTo(dot(l2Normalize(embedding), weights) + BIAS, 4));
  // Scaling the input changes nothing: the head sees the unit-length embedding.
  const [scaled] = await head.score([embeddings[0]!.map((value) => value * 7)]);
  expect(scaled).toBeCloseTo(scores[0]!, 4);
  expect(await head.score([])).toEqual([]);
  await expect(head.score([new Float32Array(768).fill(1)])).rejects.toThrow(/512-d CLIP ViT-B\/16 embedding, got 768/);
}

describe('LAION aesthetic head', () => {
  it("reads LAION's PyTorch file (sa_0_4_vit_b_16_linear.pth) and scores on its own scale", async () => {
    const dir = home();
    writeComponent(dir, 'laion-aesthetic-vit-b16', { 'sa_0_4_vit_b_16_linear.pth': linearHeadPth(weights, BIAS) });
    const head = await loadAestheticHead(dir, cpu);
    expect(head.provider).toBe('cpu');
    await expectLinearScores(head);
    await head.close();
  });

  it('runs an ONNX export of the head ([batch, 512] → [batch, 1], any names) through onnxruntime', async () => {
    const dir = home();
    writeComponent(dir, 'laion-aesthetic-vit-b16', {
      'model.onnx': linearOnnx(weights, new Float32Array([BIAS]), AESTHETIC_EMBEDDING_SIZE, 1, { input: 'embedding', output: 'score' }),
    });
    const head = await loadAestheticHead(dir, cpu);
    await expectLinearScores(head);
    await head.close();
  });

  it('tells weight from bias by size, and refuses files that are not that linear layer', () => {
    const weight = new Float32Array(AESTHETIC_EMBEDDING_SIZE).fill(0.25);
    const bytes = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);
    const swapped = storedZip([
      ['head/data/0', bytes([3])],
      ['head/data/1', new Uint8Array(weight.buffer)],
    ]);
    expect(readLinearHead(swapped).bias).toBe(3);
    expect(readLinearHead(swapped).weight[511]).toBe(0.25);
    expect(() => readLinearHead(storedZip([['head/data/0', bytes([1, 2, 3])]]))).toThrow(/expected two tensors/);
    expect(() => readLinearHead(new Uint8Array(100))).toThrow(/not a ZIP archive/);
  });

  it('says model_corrupt for a damaged .pth and model_not_installed for an empty folder', async () => {
    const damaged = home();
    writeComponent(damaged, 'laion-aesthetic-vit-b16', { 'sa_0_4_vit_b_16_linear.pth': linearHeadPth(weights, BIAS).slice(0, 1500) });
    const corrupt = await loadError(damaged);
    expect(corrupt.code).toBe('model_corrupt');
    expect(corrupt.message).toMatch(/cannot read .*sa_0_4_vit_b_16_linear\.pth/);

    const empty = home();
    mkdirSync(componentDirectory(empty, 'laion-aesthetic-vit-b16'), { recursive: true });
    const missing = await loadError(empty);
    expect(missing.code).toBe('model_not_installed');
    expect(missing.message).toMatch(/no ONNX model/);
    expect((await loadError(home())).message).toMatch(/not installed/);
  });

  it('refuses an ONNX head whose input is not [batch, 512]', async () => {
    const dir = home();
    writeComponent(dir, 'laion-aesthetic-vit-b16', {
      'model.onnx': linearOnnx(randomMatrix(768, 1, 3), new Float32Array([0]), 768, 1, { input: 'x', output: 'y' }),
    });
    const error = await loadError(dir);
    expect(error.code).toBe('model_unsupported');
    expect(error.message).toMatch(/expected an input \[batch, 512\], the model has \[batch, 768\]/);
  });
});
