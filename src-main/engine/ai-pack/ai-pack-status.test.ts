import { closeSync, mkdirSync, openSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../test-support/corpus.js';
import { downloadAiPack } from './ai-pack-download.js';
import { aiPackDirectory, aiPackFilePath, installedRecordPath } from './ai-pack-layout.js';
import { aiPackStatus } from './ai-pack-status.js';
import { startFakeHub, type FakeHub } from './test-fixtures/fake-hub.js';
import { standInFiles, standInManifest } from './test-fixtures/stand-in-pack.js';

let hub: FakeHub;
let home: { dir: string; remove: () => void };
const manifest = standInManifest();

beforeEach(async () => {
  hub = await startFakeHub(standInFiles());
  home = temporaryFolder('culler-ai-pack-');
  const installed = await downloadAiPack({ home: home.dir, manifest, baseUrl: hub.origin });
  if (!installed.ok) throw new Error(installed.error.message);
});

afterEach(async () => {
  await hub.close();
  home.remove();
});

async function statusOf(id: string, verifySha256 = false) {
  const result = await aiPackStatus(home.dir, { manifest, verifySha256 });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.find((component) => component.id === id)!;
}

describe('aiPackStatus', () => {
  it('reports installed components with their folder', async () => {
    expect(await statusOf('clip-image')).toMatchObject({ id: 'clip-image', task: 'clip_image', state: 'installed', reason: null, directory: path.join(aiPackDirectory(home.dir), 'clip-image') });
  });

  it('finds a changed byte only when asked to hash, and a changed size always', async () => {
    const model = aiPackFilePath(home.dir, 'clip-image', 'vision_model.onnx');
    const handle = openSync(model, 'r+');
    writeSync(handle, Buffer.from([0x42]), 0, 1, 100);
    closeSync(handle);
    expect((await statusOf('clip-image')).state).toBe('installed');
    expect(await statusOf('clip-image', true)).toMatchObject({ state: 'corrupt', reason: expect.stringMatching(/^vision_model\.onnx has sha256 [0-9a-f]{64}; [0-9a-f]{64} was installed$/) });

    truncateSync(aiPackFilePath(home.dir, 'clip-text', 'tokenizer.json'), 10);
    expect(await statusOf('clip-text')).toMatchObject({ state: 'corrupt', reason: expect.stringMatching(/^tokenizer\.json has 10 bytes; \d+ were installed$/) });

    // A download repairs what status calls corrupt, and only that.
    hub.requests.length = 0;
    const repaired = await downloadAiPack({ home: home.dir, manifest, baseUrl: hub.origin, verifyInstalled: 'sha256' });
    expect(repaired).toMatchObject({ ok: true, value: { alreadyInstalled: [] } });
    expect((await statusOf('clip-image', true)).state).toBe('installed');
    expect((await statusOf('clip-text', true)).state).toBe('installed');
  });

  it('calls a component whose files are gone corrupt, and one not in installed.json missing', async () => {
    truncateSync(installedRecordPath(home.dir), 0);
    expect(await statusOf('clip-image')).toMatchObject({ state: 'corrupt', reason: 'installed.json is not valid JSON' });
    writeFileSync(installedRecordPath(home.dir), JSON.stringify({ recordVersion: 1, components: {} }));
    expect(await statusOf('clip-image')).toMatchObject({ state: 'missing', reason: 'not installed' });
  });

  it('calls a component installed for another revision missing', async () => {
    const moved = standInManifest();
    moved.components[0]!.source.revision = 'f'.repeat(40);
    moved.components[0]!.files = moved.components[0]!.files.map((file) => ({ ...file, url: file.url.replace(/[0-9a-f]{40}/, 'f'.repeat(40)) }));
    const result = await aiPackStatus(home.dir, { manifest: moved });
    expect(result.ok && result.value[0]).toMatchObject({ state: 'missing', reason: expect.stringContaining('the manifest pins ffff') });
  });

  it('fails as invalid_manifest for a manifest file that is not one', async () => {
    mkdirSync(home.dir, { recursive: true });
    writeFileSync(path.join(home.dir, 'bad.json'), JSON.stringify({ manifestVersion: 1, components: [{ id: 'x', licence: 'CC-BY-NC-4.0' }] }));
    const result = await aiPackStatus(home.dir, { manifest: path.join(home.dir, 'bad.json') });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_manifest' } });
  });
});
