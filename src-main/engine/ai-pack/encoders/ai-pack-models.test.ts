import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { temporaryFolder } from '../../../../test-support/corpus.js';
import { OnnxGraphBuilder } from '../../models/onnx/onnx-graph-builder.js';
import {
  AiPackModelError,
  componentDirectory,
  loadImageProcessor,
  offlineTransformers,
  preprocessImages,
  type AiPackModelErrorCode,
} from './ai-pack-models.js';
import { CLIP_PREPROCESSOR, CLIP_SIZE, installClipImage, installClipText, solidImage, writeComponent } from './ai-pack-stand-ins.fixture.js';
import { clipBpeTokenizer } from './stand-in-tokenizers.fixture.js';
import { loadClipImageEncoder, loadClipTextEncoder } from './clip.js';

const folder = temporaryFolder();
afterAll(() => folder.remove());
afterEach(() => vi.restoreAllMocks());

let count = 0;
/** A fresh home per test: components are installed, broken and removed independently. */
function home(): string {
  return path.join(folder.dir, `home-${++count}`);
}

async function failure(promise: Promise<unknown>): Promise<AiPackModelError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AiPackModelError);
  return error as AiPackModelError;
}

function expectCode(error: AiPackModelError, code: AiPackModelErrorCode, message: RegExp): void {
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expect(error.toInfo()).toEqual({ code, message: error.message });
}

const cpu = { env: { CULLER_EXECUTION_PROVIDERS: 'cpu' } };

/** Wants both pixels and text, like a combined CLIP export. */
function twoInputModel(): Uint8Array {
  const graph = new OnnxGraphBuilder('two-towers');
  graph.addInput({ name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] });
  graph.addInput({ name: 'pixel_values', type: 'float32', shape: ['batch', 3, 224, 224] });
  graph.addNode('Identity', ['pixel_values'], { outputs: ['text_embeds'] });
  graph.addOutput({ name: 'text_embeds', type: 'float32', shape: ['batch', 3, 224, 224] });
  return graph.toBytes();
}

describe('loading an AI-pack component', () => {
  it('says model_not_installed when the component folder does not exist', async () => {
    const error = await failure(loadClipImageEncoder(home(), cpu));
    expectCode(error, 'model_not_installed', /clip-vit-b16-image: not installed/);
    expect(error.componentId).toBe('clip-vit-b16-image');
  });

  it('says model_not_installed, fast and without any network request, when tokenizer.json is missing', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const transformers = await offlineTransformers();
    const transformersFetch = vi.spyOn(transformers.env, 'fetch');
    const dir = home();
    installClipText(dir);
    rmSync(path.join(componentDirectory(dir, 'clip-vit-b16-text'), 'tokenizer.json'));

    const started = performance.now();
    expectCode(await failure(loadClipTextEncoder(dir, cpu)), 'model_not_installed', /tokenizer\.json missing/);
    expect(performance.now() - started).toBeLessThan(1000);

    // transformers.js itself is set offline: asked directly, it fails instead of downloading.
    const direct = transformers.AutoTokenizer.from_pretrained(componentDirectory(dir, 'clip-vit-b16-text'));
    await expect(direct).rejects.toThrow(/allowRemoteModels=false|not found locally/);
    expect(transformers.env.allowRemoteModels).toBe(false);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(transformersFetch).not.toHaveBeenCalled();
  });

  it('says model_not_installed when the folder holds no ONNX model', async () => {
    const dir = home();
    installClipImage(dir);
    rmSync(path.join(componentDirectory(dir, 'clip-vit-b16-image'), 'vision_model.onnx'));
    expectCode(await failure(loadClipImageEncoder(dir, cpu)), 'model_not_installed', /no ONNX model/);
  });

  it('says model_corrupt for an ONNX file that is not a model', async () => {
    const dir = home();
    installClipImage(dir);
    writeFileSync(path.join(componentDirectory(dir, 'clip-vit-b16-image'), 'vision_model.onnx'), 'this is not an ONNX model');
    expectCode(await failure(loadClipImageEncoder(dir, cpu)), 'model_corrupt', /cannot load .*vision_model\.onnx/);
  });

  it('says model_corrupt for a truncated tokenizer.json or preprocessor_config.json', async () => {
    const dir = home();
    installClipText(dir);
    const tokenizerFile = path.join(componentDirectory(dir, 'clip-vit-b16-text'), 'tokenizer.json');
    writeFileSync(tokenizerFile, JSON.stringify(clipBpeTokenizer().tokenizer).slice(0, 200));
    expectCode(await failure(loadClipTextEncoder(dir, cpu)), 'model_corrupt', /cannot load the tokenizer/);

    installClipImage(dir);
    writeFileSync(path.join(componentDirectory(dir, 'clip-vit-b16-image'), 'preprocessor_config.json'), '{"size": ');
    expectCode(await failure(loadClipImageEncoder(dir, cpu)), 'model_corrupt', /preprocessor_config\.json is not valid JSON/);
  });

  it('says model_unsupported for a CLIP tower without its projection (pooler_output only)', async () => {
    const dir = home();
    installClipImage(dir, { output: 'pooler_output' });
    expectCode(await failure(loadClipImageEncoder(dir, cpu)), 'model_unsupported', /no image embedding output named image_embeds.*not projected/);
  });

  it('says model_corrupt for a logit_scale that is not log-space', async () => {
    const dir = home();
    installClipText(dir, { config: { logit_scale: 100 } });
    expectCode(await failure(loadClipTextEncoder(dir, cpu)), 'model_corrupt', /logit_scale 100 is not a log-space scale/);
  });

  it("reads CLIP's trained logit scale from config.json when present", async () => {
    const dir = home();
    installClipText(dir, { config: { logit_scale: Math.log(50) } });
    const text = await loadClipTextEncoder(dir, cpu);
    expect(text.logits.source).toBe('config');
    expect(text.logits.scale).toBeCloseTo(50, 9);
    await text.close();
  });

  it("prefers the tower's own file in Xenova's layout, where onnx/model.onnx is the combined model", async () => {
    const dir = home();
    installClipImage(dir, { file: 'onnx/vision_model.onnx' });
    writeComponent(dir, 'clip-vit-b16-image', { 'onnx/model.onnx': twoInputModel() });
    const image = await loadClipImageEncoder(dir, cpu);
    await image.close();
  });

  it('finds model.onnx at the root, or a single ONNX file under another name', async () => {
    const dir = home();
    installClipImage(dir, { file: 'model.onnx' });
    const image = await loadClipImageEncoder(dir, cpu);
    await image.close();

    const other = home();
    installClipImage(other, { file: 'clip_visual_fp32.onnx' });
    const renamed = await loadClipImageEncoder(other, cpu);
    expect((await renamed.embedImages([{ data: Buffer.alloc(300 * 300 * 3, 90), width: 300, height: 300, channels: 3 }]))[0]!.length).toBe(CLIP_SIZE);
    await renamed.close();
  });

  it('uses the execution-provider preference with CPU as the fallback, and says why', async () => {
    const dir = home();
    installClipImage(dir);
    const log: string[] = [];
    // This machine's onnxruntime-node has no CUDA libraries (see README), so cuda is skipped.
    const image = await loadClipImageEncoder(dir, { env: { CULLER_EXECUTION_PROVIDERS: 'cuda,cpu' }, log: (message) => log.push(message) });
    expect(image.provider).toBe('cpu');
    expect(log.join('\n')).toMatch(/model clip-vit-b16-image: cpu execution provider; not used: cuda: /);
    await image.close();
  });

  it('refuses a text model that needs an input the loader does not provide', async () => {
    const dir = home();
    installClipText(dir);
    writeComponent(dir, 'clip-vit-b16-text', { 'text_model.onnx': twoInputModel() });
    expectCode(await failure(loadClipTextEncoder(dir, cpu)), 'model_unsupported', /needs inputs this loader does not provide: pixel_values/);
  });
});

describe('preprocessing through the component image processor', () => {
  /** Values of one channel of a [1, 3, H, W] tensor. */
  function channel(data: Float32Array, index: number): Float32Array {
    const plane = data.length / 3;
    return data.subarray(index * plane, (index + 1) * plane);
  }

  it('shrinks with antialiasing: a one-pixel checkerboard becomes flat grey, as PIL would make it', async () => {
    const dir = home();
    installClipImage(dir);
    const processor = await loadImageProcessor(dir, 'clip-vit-b16-image');
    const width = 3000;
    const height = 2000;
    const data = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((x + y) % 2) data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
    const pixels = await preprocessImages(processor, [{ data, width, height, channels: 3 }]);
    expect(pixels.dims).toEqual([1, 3, 224, 224]);
    const red = channel(pixels.data as Float32Array, 0);
    const grey = (127.5 / 255 - CLIP_PREPROCESSOR.image_mean[0]!) / CLIP_PREPROCESSOR.image_std[0]!;
    for (const value of red) expect(Math.abs(value - grey)).toBeLessThan(0.02);
  });

  it('enlarges without dark edges: a small solid image stays solid', async () => {
    const dir = home();
    installClipImage(dir);
    const processor = await loadImageProcessor(dir, 'clip-vit-b16-image');
    const pixels = await preprocessImages(processor, [solidImage([255, 0, 0], 40, 30)]);
    const red = channel(pixels.data as Float32Array, 0);
    const expected = (1 - CLIP_PREPROCESSOR.image_mean[0]!) / CLIP_PREPROCESSOR.image_std[0]!;
    for (const value of red) expect(value).toBeCloseTo(expected, 5);
  });
});
