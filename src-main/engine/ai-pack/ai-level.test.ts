import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSION_KEYS } from '../../../src-preload/contract/rating-result.js';
import { corpusFile, SHARED_MODEL_CACHE, temporaryFolder } from '../../../test-support/corpus.js';
import { CullingEngine } from '../engine.js';
import { downloadAiPack } from './ai-pack-download.js';
import { AI_PACK_COMPONENT_IDS } from './ai-level.js';
import { CLIP_IMAGE_MODEL, cosine, decodeEmbeddings, EMBEDDED_CONTENT_MODEL } from '../grouping/content-embedding.js';
import { installClipImage, installClipText, installSiglip, randomMatrix, squarePreprocessor, writeComponent } from './encoders/ai-pack-stand-ins.fixture.js';
import { classifierOnnx, linearHeadPth } from './encoders/stand-in-models.fixture.js';
import { startFakeHub, type FakeHub } from './test-fixtures/fake-hub.js';
import { standInManifest, type StandInFile } from './test-fixtures/stand-in-pack.js';

/**
 * The whole AI path: stand-in components with the real exports' names and shapes (built by the
 * encoder fixtures), served by a local hub, installed through the real downloader into an engine
 * home, then photos rated by the real engine.
 */
const folder = temporaryFolder();
const stage = path.join(folder.dir, 'stage');
const home = path.join(folder.dir, 'home');
let hub: FakeHub;

function stagedFiles(): StandInFile[] {
  installClipImage(stage);
  installClipText(stage);
  installSiglip(stage);
  writeComponent(stage, 'laion-aesthetic-vit-b16', { 'sa_0_4_vit_b_16_linear.pth': linearHeadPth(randomMatrix(1, 512, 5), 5.5) });
  writeComponent(stage, 'nsfw-vit', {
    'model.onnx': classifierOnnx(new Float32Array([-2, 2, 0, 0, 2, -2]), new Float32Array([0, 0]), 384),
    'preprocessor_config.json': squarePreprocessor('ViTImageProcessor', 2, 384),
    'config.json': { model_type: 'vit', id2label: { '0': 'sfw', '1': 'nsfw' }, label2id: { sfw: 0, nsfw: 1 } },
  });
  return AI_PACK_COMPONENT_IDS.flatMap((component) =>
    readdirSync(path.join(stage, 'ai-pack', component)).map((name) => ({
      component,
      name,
      urlPath: `/test-org/${component}/resolve/0123456789abcdef0123456789abcdef01234567/${name}`,
      body: readFileSync(path.join(stage, 'ai-pack', component, name)),
      lfs: name.endsWith('.onnx') || name.endsWith('.pth'),
      declared: true,
    })),
  );
}

let engine: CullingEngine;
beforeAll(async () => {
  const files = stagedFiles();
  hub = await startFakeHub(files);
  const installed = await downloadAiPack({ home, manifest: standInManifest(files), baseUrl: hub.origin, retryDelayMs: 5 });
  if (!installed.ok) throw new Error(`${installed.error.code}: ${installed.error.message}`);
  engine = CullingEngine.open({ home, modelCacheDir: SHARED_MODEL_CACHE });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await hub?.close();
  folder.remove();
});

describe('with the AI pack installed through the downloader', () => {
  it('fills every field by the AI path and says so', async () => {
    expect(engine.aiPack.installed).toBe(true);
    const rating = await engine.rateFile(corpusFile('faces', 'obama.jpg'));
    if (!rating.ok) throw new Error(rating.error.message);
    const { result } = rating;
    for (const key of DIMENSION_KEYS) {
      expect(result.dimension_scores[key], key).toEqual(expect.any(Number));
      expect(result.why.dimensions[key]!.level, key).toBe('ai_pack');
    }
    expect(result.unavailable.filter((entry) => entry.field.startsWith('dimension_scores'))).toEqual([]);
    expect(result.score).toEqual(expect.any(Number));
    expect(result.why.score!.level).toBe('ai_pack');
    expect(result.why.score!.formula).toMatch(/LAION aesthetic/);
    expect(typeof result.content_rating.content_rating_conflict).toBe('boolean');
    expect(result.content_rating.second_opinion).toMatchObject({ normal: expect.any(Number), nsfw: expect.any(Number) });
    expect(result.analyzers.find((analyzer) => analyzer.id === 'ai_pack')).toMatchObject({ level: 'ai_pack' });
    expect(result.tags!.length).toBeGreaterThan(0);
    expect(result.unavailable.find((entry) => entry.field === 'content_rating.content_rating_conflict')).toBeUndefined();
  });

  it("keeps CLIP's image embedding in the result for grouping, beside the embedded content features", async () => {
    const rating = await engine.rateFile(corpusFile('faces', 'biden.jpg'));
    if (!rating.ok) throw new Error(rating.error.message);
    const embeddings = rating.result.similarity?.embeddings ?? [];
    expect(embeddings.map((embedding) => embedding.model)).toEqual([CLIP_IMAGE_MODEL, EMBEDDED_CONTENT_MODEL]);
    const clip = decodeEmbeddings(embeddings)!.get(CLIP_IMAGE_MODEL)!;
    expect(clip).toHaveLength(512);
    expect(cosine(clip, clip)).toBeCloseTo(1, 5);
  });

  it('rates on a custom scale with the AI pack', async () => {
    const levels = [
      { value: 'keep', description: 'a sharp photo' },
      { value: 'drop', description: 'a blurry photo' },
    ];
    const outcome = await engine.rateOnScale(readFileSync(corpusFile('faces', 'obama.jpg')), levels);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.value.method).toBe('ai_pack_zero_shot');
    expect(['keep', 'drop']).toContain(outcome.value.rating);
    expect(outcome.value.levels.reduce((sum, level) => sum + level.probability, 0)).toBeCloseTo(1, 3);
  });
});
