import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../test-support/corpus.js';
import { importAiPack } from './ai-pack-import.js';
import { aiPackDirectory, aiPackFilePath, readInstalledRecord } from './ai-pack-layout.js';
import { aiPackStatus } from './ai-pack-status.js';
import { sha256, standInFiles, standInManifest } from './test-fixtures/stand-in-pack.js';
import { writeTar } from './test-fixtures/tar-writer.js';

const files = standInFiles();
const manifest = standInManifest(files);
let work: { dir: string; remove: () => void };
let home: string;

beforeEach(() => {
  work = temporaryFolder('culler-ai-pack-import-');
  home = path.join(work.dir, 'home');
});

afterEach(() => work.remove());

/** The pack laid out as `<root>/<component-id>/<file>`, as the import expects. */
function packFolder(root: string, only = files): string {
  for (const file of only) {
    mkdirSync(path.join(root, file.component), { recursive: true });
    writeFileSync(path.join(root, file.component, file.name), file.body);
  }
  return root;
}

async function states(): Promise<Record<string, string>> {
  const status = await aiPackStatus(home, { manifest, verifySha256: true });
  if (!status.ok) throw new Error(status.error.message);
  return Object.fromEntries(status.value.map((component) => [component.id, component.state]));
}

function installedBodiesMatch(): void {
  for (const file of files) expect(readFileSync(aiPackFilePath(home, file.component, file.name))).toEqual(file.body);
}

describe('importAiPack', () => {
  it('installs from a folder, checking what the manifest can and reporting what it cannot', async () => {
    const from = packFolder(path.join(work.dir, 'usb-stick'));
    const result = await importAiPack(home, from, { manifest });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.installed.map((component) => component.id)).toEqual(['clip-image', 'clip-text']);
    expect(result.value.notInSource).toEqual([]);
    // Files the manifest gives no sha256 for are recorded with the computed one, and said so.
    expect(result.value.unverified).toEqual(
      files.filter((file) => !file.declared).map((file) => ({ component: file.component, file: file.name, sha256: sha256(file.body) })),
    );
    installedBodiesMatch();
    expect(await states()).toEqual({ 'clip-image': 'installed', 'clip-text': 'installed' });
    const record = await readInstalledRecord(home);
    expect(record.ok && record.record.components['clip-image']).toMatchObject({
      via: 'import',
      files: [
        { name: 'vision_model.onnx', verifiedBy: 'manifest_sha256', source: path.join(from, 'clip-image', 'vision_model.onnx') },
        { name: 'preprocessor_config.json', verifiedBy: 'computed' },
      ],
    });
  });

  it('installs from a .tar whose entries sit under one top folder', async () => {
    const archive = path.join(work.dir, 'pack.tar');
    writeFileSync(archive, writeTar([{ name: 'ai-pack/', type: '5' }, ...files.map((file) => ({ name: `ai-pack/${file.component}/${file.name}`, body: file.body }))]));
    const result = await importAiPack(home, archive, { manifest });
    expect(result).toMatchObject({ ok: true, value: { notInSource: [] } });
    installedBodiesMatch();
    const record = await readInstalledRecord(home);
    expect(record.ok && record.record.components['clip-text']!.files[0]!.source).toBe(`${archive}#ai-pack/clip-text/text_model.onnx`);
  });

  it.skipIf(!hasGnuTar())('reads archives made by tar itself (pax and GNU formats)', async () => {
    const root = packFolder(path.join(work.dir, 'pack'));
    for (const format of ['pax', 'gnu']) {
      const archive = path.join(work.dir, `pack-${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-cf', archive, '-C', root, 'clip-image', 'clip-text']);
      const result = await importAiPack(path.join(work.dir, `home-${format}`), archive, { manifest });
      expect(result).toMatchObject({ ok: true, value: { notInSource: [] } });
    }
  });

  it('imports what the source has and leaves the rest alone', async () => {
    const from = packFolder(path.join(work.dir, 'partial'), files.filter((file) => file.component === 'clip-text'));
    const result = await importAiPack(home, from, { manifest });
    expect(result).toMatchObject({ ok: true, value: { notInSource: ['clip-image'] } });
    expect(await states()).toEqual({ 'clip-image': 'missing', 'clip-text': 'installed' });
  });

  it('refuses altered bytes and installs nothing, not even the intact components', async () => {
    const from = packFolder(path.join(work.dir, 'bad'));
    const model = path.join(from, 'clip-image', 'vision_model.onnx');
    const bytes = readFileSync(model);
    bytes[200] = bytes[200]! ^ 0xff;
    writeFileSync(model, bytes);
    const result = await importAiPack(home, from, { manifest });
    expect(result).toMatchObject({ ok: false, error: { code: 'integrity_mismatch', component: 'clip-image', file: 'vision_model.onnx' } });
    expect(await states()).toEqual({ 'clip-image': 'missing', 'clip-text': 'missing' });
    expect(readdirSync(aiPackDirectory(home)).filter((name) => !name.startsWith('.'))).toEqual([]);
  });

  it('refuses an incomplete component folder, a compressed archive, and a missing source', async () => {
    const from = packFolder(path.join(work.dir, 'incomplete'), files.filter((file) => file.name !== 'tokenizer.json'));
    expect(await importAiPack(home, from, { manifest })).toMatchObject({ ok: false, error: { code: 'invalid_source', message: expect.stringContaining('lacks tokenizer.json') } });

    const gzipped = path.join(work.dir, 'pack.tar.gz');
    writeFileSync(gzipped, gzipSync(writeTar(files.map((file) => ({ name: `${file.component}/${file.name}`, body: file.body })))));
    expect(await importAiPack(home, gzipped, { manifest })).toMatchObject({ ok: false, error: { code: 'invalid_source', message: expect.stringContaining('gzip') } });

    expect(await importAiPack(home, path.join(work.dir, 'nowhere'), { manifest })).toMatchObject({ ok: false, error: { code: 'invalid_source' } });
    expect(existsSync(path.join(home, 'ai-pack', 'clip-text'))).toBe(false);
  });

  it('never writes where an archive entry name points', async () => {
    const archive = path.join(work.dir, 'hostile.tar');
    writeFileSync(
      archive,
      writeTar([
        { name: '../escaped.txt', body: Buffer.from('x') },
        { name: 'clip-text/../../escaped2.txt', body: Buffer.from('x') },
        { name: 'clip-text/link', type: '2', linkName: '/etc/passwd' },
        ...files.map((file) => ({ name: `${file.component}/${file.name}`, body: file.body })),
      ]),
    );
    expect((await importAiPack(home, archive, { manifest })).ok).toBe(true);
    expect(existsSync(path.join(work.dir, 'escaped.txt'))).toBe(false);
    expect(existsSync(path.join(path.dirname(work.dir), 'escaped2.txt'))).toBe(false);
    expect(readdirSync(path.join(aiPackDirectory(home), 'clip-text')).sort()).toEqual(['text_model.onnx', 'tokenizer.json']);
  });
});

function hasGnuTar(): boolean {
  try {
    return execFileSync('tar', ['--version'], { encoding: 'utf8' }).includes('GNU tar');
  } catch {
    return false;
  }
}
