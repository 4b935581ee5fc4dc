import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../test-support/corpus.js';
import { downloadAiPack, type AiPackProgress, type DownloadAiPackOptions } from './ai-pack-download.js';
import { aiPackDirectory, aiPackFilePath, readInstalledRecord } from './ai-pack-layout.js';
import { aiPackStatus } from './ai-pack-status.js';
import { closedPort, startFakeHub, type FakeHub } from './test-fixtures/fake-hub.js';
import { sha256, standInFiles, standInManifest, type StandInFile } from './test-fixtures/stand-in-pack.js';

let hub: FakeHub;
let files: StandInFile[];
let home: { dir: string; remove: () => void };

beforeEach(async () => {
  files = standInFiles();
  hub = await startFakeHub(files);
  home = temporaryFolder('culler-ai-pack-');
});

afterEach(async () => {
  await hub.close();
  home.remove();
});

function file(name: string): StandInFile {
  return files.find((candidate) => candidate.name === name)!;
}

function download(extra: Partial<DownloadAiPackOptions> = {}) {
  return downloadAiPack({ home: home.dir, manifest: standInManifest(files), baseUrl: hub.origin, retryDelayMs: 5, timeoutMs: 5_000, progressIntervalMs: 0, ...extra });
}

async function states(): Promise<Record<string, string>> {
  const status = await aiPackStatus(home.dir, { manifest: standInManifest(files) });
  if (!status.ok) throw new Error(status.error.message);
  return Object.fromEntries(status.value.map((component) => [component.id, component.state]));
}

/** Nothing but the installed components and installed.json may remain after a run. */
function leftovers(): string[] {
  const directory = aiPackDirectory(home.dir);
  return existsSync(directory) ? readdirSync(directory).filter((name) => name.startsWith('.') && readdirSync(path.join(directory, name)).length > 0) : [];
}

describe('downloadAiPack', () => {
  it('downloads, verifies and installs every component, reporting progress per file and overall', async () => {
    const events: AiPackProgress[] = [];
    const result = await download({ onProgress: (event) => events.push(event) });
    expect(result).toMatchObject({ ok: true, value: { alreadyInstalled: [] } });

    for (const standIn of files) expect(readFileSync(aiPackFilePath(home.dir, standIn.component, standIn.name))).toEqual(standIn.body);
    const record = await readInstalledRecord(home.dir);
    if (!record.ok) throw new Error(record.reason);
    const verifiedBy = Object.fromEntries(Object.values(record.record.components).flatMap((component) => component.files.map((entry) => [entry.name, entry.verifiedBy])));
    expect(verifiedBy).toEqual({
      'vision_model.onnx': 'manifest_sha256',
      'preprocessor_config.json': 'git_blob_etag',
      'text_model.onnx': 'x_linked_etag',
      'tokenizer.json': 'manifest_sha256',
    });
    const entry = record.record.components['clip-text']!.files.find((candidate) => candidate.name === 'text_model.onnx')!;
    expect(entry).toMatchObject({ bytes: file('text_model.onnx').body.length, sha256: sha256(file('text_model.onnx').body) });
    expect(entry.source).toBe(`${hub.origin}${file('text_model.onnx').urlPath}`);
    expect(record.record.components['clip-text']).toMatchObject({ via: 'download', task: 'clip_text' });

    const total = files.reduce((sum, standIn) => sum + standIn.body.length, 0);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ overallBytesDone: total, overallBytesTotal: total, overallTotalExact: true });
    for (const standIn of files) {
      const final = events.filter((event) => event.file === standIn.name).at(-1)!;
      expect(final).toMatchObject({ fileBytesDone: standIn.body.length, fileBytesTotal: standIn.body.length });
    }
    expect(events.map((event) => event.overallBytesDone)).toEqual([...events.map((event) => event.overallBytesDone)].sort((a, b) => a - b));

    expect(await states()).toEqual({ 'clip-image': 'installed', 'clip-text': 'installed' });
    expect(leftovers()).toEqual([]);
  });

  it('does nothing, not even a request, when everything is installed', async () => {
    expect((await download()).ok).toBe(true);
    hub.requests.length = 0;
    const again = await download();
    expect(again).toEqual({ ok: true, value: { installed: [], alreadyInstalled: ['clip-image', 'clip-text'] } });
    expect(hub.requests).toEqual([]);
  });

  it('resumes where a dropped connection stopped, with a Range request for the rest', async () => {
    const model = file('vision_model.onnx');
    hub.behaviour.truncateOnce.add(model.urlPath);
    const result = await download({ components: ['clip-image'] });
    expect(result.ok).toBe(true);
    expect(readFileSync(aiPackFilePath(home.dir, 'clip-image', 'vision_model.onnx'))).toEqual(model.body);
    const cdn = hub.requests.filter((request) => request.path.startsWith('/cdn/'));
    const half = model.body.length >> 1;
    expect(cdn).toEqual([
      { path: `/cdn/${sha256(model.body)}`, range: null, status: 200, bodyBytes: half },
      { path: `/cdn/${sha256(model.body)}`, range: `bytes=${half}-`, status: 206, bodyBytes: model.body.length - half },
    ]);
  });

  it('starts the file over cleanly when the server ignores Range', async () => {
    const model = file('vision_model.onnx');
    hub.behaviour.truncateOnce.add(model.urlPath);
    hub.behaviour.ignoreRange = true;
    const result = await download({ components: ['clip-image'] });
    expect(result.ok).toBe(true);
    expect(readFileSync(aiPackFilePath(home.dir, 'clip-image', 'vision_model.onnx'))).toEqual(model.body);
    const cdn = hub.requests.filter((request) => request.path.startsWith('/cdn/'));
    expect(cdn.map(({ range, status }) => ({ range, status }))).toEqual([
      { range: null, status: 200 },
      { range: `bytes=${model.body.length >> 1}-`, status: 200 },
    ]);
  });

  it('refuses altered bytes (manifest sha256 or X-Linked-Etag) and installs nothing', async () => {
    hub.behaviour.tamper.add(file('vision_model.onnx').urlPath);
    const byManifest = await download({ components: ['clip-image'] });
    expect(byManifest).toMatchObject({ ok: false, error: { code: 'integrity_mismatch', component: 'clip-image', file: 'vision_model.onnx' } });

    hub.behaviour.tamper.add(file('text_model.onnx').urlPath);
    const byEtag = await download({ components: ['clip-text'] });
    expect(byEtag).toMatchObject({ ok: false, error: { code: 'integrity_mismatch', file: 'text_model.onnx' } });
    if (!byEtag.ok) expect(byEtag.error.message).toMatch(/X-Linked-Etag/);

    expect(await states()).toEqual({ 'clip-image': 'missing', 'clip-text': 'missing' });
    expect(existsSync(path.join(aiPackDirectory(home.dir), 'clip-image'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('takes the sha256 from X-Linked-Etag when the manifest has none, and refuses bytes nobody vouches for', async () => {
    const result = await download({ components: ['clip-text'] });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.installed[0]!.files[0]).toMatchObject({ name: 'text_model.onnx', sha256: sha256(file('text_model.onnx').body), verifiedBy: 'x_linked_etag' });

    hub.behaviour.withholdHashes = true;
    const unverifiable = await download({ components: ['clip-image'] });
    expect(unverifiable).toMatchObject({ ok: false, error: { code: 'integrity_unverifiable', file: 'preprocessor_config.json' } });
    expect((await states())['clip-image']).toBe('missing');
  });

  it('reports offline, pointing at import, when nothing listens', async () => {
    const result = await download({ baseUrl: `http://127.0.0.1:${await closedPort()}` });
    expect(result).toMatchObject({ ok: false, error: { code: 'offline' } });
    if (!result.ok) expect(result.error.message).toMatch(/^cannot reach 127\.0\.0\.1:\d+ \(connection refused\); import the pack from a folder instead/);
  });

  it('stops on abort, keeps the partial file, and resumes it on the next run', async () => {
    const model = file('vision_model.onnx');
    hub.behaviour.stallAfterHalf.add(model.urlPath);
    const controller = new AbortController();
    const aborted = await download({
      components: ['clip-image'],
      signal: controller.signal,
      onProgress: (event) => event.fileBytesDone > 0 && controller.abort(),
    });
    expect(aborted).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect((await states())['clip-image']).toBe('missing');

    hub.behaviour.stallAfterHalf.clear();
    hub.requests.length = 0;
    expect((await download({ components: ['clip-image'] })).ok).toBe(true);
    expect(readFileSync(aiPackFilePath(home.dir, 'clip-image', 'vision_model.onnx'))).toEqual(model.body);
    const resumed = hub.requests.find((request) => request.path.startsWith('/cdn/'))!;
    expect(resumed).toMatchObject({ range: `bytes=${model.body.length >> 1}-`, status: 206 });
  });

  it('gives up on a silent server within the time limit, keeping what arrived', async () => {
    hub.behaviour.silent = true;
    const silent = await download({ timeoutMs: 200 });
    expect(silent).toMatchObject({ ok: false, error: { code: 'offline', message: expect.stringMatching(/^cannot reach 127\.0\.0\.1:\d+ \(timed out\)/) } });

    hub.behaviour.silent = false;
    const model = file('vision_model.onnx');
    hub.behaviour.stallAfterHalf.add(model.urlPath);
    const stalled = await download({ components: ['clip-image'], timeoutMs: 200, retries: 1 });
    expect(stalled).toMatchObject({ ok: false, error: { code: 'offline', message: expect.stringMatching(/^lost the connection to 127\.0\.0\.1:\d+ 2 times/) } });
    // Both attempts got half of what they asked for: the second resumed after the first half.
    const cdn = hub.requests.filter((request) => request.path.startsWith('/cdn/'));
    expect(cdn.map((request) => request.range)).toEqual([null, `bytes=${model.body.length >> 1}-`]);
  });

  it('stops following redirects after the limit', async () => {
    hub.behaviour.redirectLoop = true;
    const result = await download({ maxRedirects: 3 });
    expect(result).toMatchObject({ ok: false, error: { code: 'http_error', status: 302, message: expect.stringContaining('more than 3 redirects') } });
    expect(hub.requests).toHaveLength(4);
  });

  it('lets one download or import at a time work on a home', async () => {
    hub.behaviour.stallAfterHalf.add(file('vision_model.onnx').urlPath);
    const controller = new AbortController();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = download({ signal: controller.signal, onProgress: () => started() });
    await running;
    expect(await download()).toMatchObject({ ok: false, error: { code: 'busy' } });
    controller.abort();
    expect(await first).toMatchObject({ ok: false, error: { code: 'aborted' } });
    hub.behaviour.stallAfterHalf.clear();
    expect((await download()).ok).toBe(true);
  });

  it('reports disk_error when the pack folder cannot be created', async () => {
    writeFileSync(aiPackDirectory(home.dir), 'a file where the folder should be');
    expect(await download()).toMatchObject({ ok: false, error: { code: 'disk_error' } });
  });

  it('answers pin_gone, naming the fix, for a pinned file the server no longer has (HTTP 404)', async () => {
    const manifest = standInManifest(files);
    manifest.components[0]!.files[0]!.url = manifest.components[0]!.files[0]!.url.replace('vision_model', 'no_such_model');
    const result = await download({ manifest });
    expect(result).toMatchObject({ ok: false, error: { code: 'pin_gone', status: 404, file: 'vision_model.onnx' } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/culler models import <folder\|file\.tar>/);
    expect(result.error.message).toMatch(/update the pin in models\/ai-pack\.json/);
  });

  it('answers pin_gone for a pinned file the server says is gone (HTTP 410), and installs nothing of that component', async () => {
    hub.behaviour.gone.add(files[0]!.urlPath);
    const result = await download();
    expect(result).toMatchObject({ ok: false, error: { code: 'pin_gone', status: 410, component: files[0]!.component } });
    expect((await states())[files[0]!.component]).toBe('missing');
  });
});
