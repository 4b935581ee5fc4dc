import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../test-support/corpus.js';
import { indexTar, TarFormatError } from './tar-reader.js';
import { writeTar } from './test-fixtures/tar-writer.js';

let work: { dir: string; remove: () => void };
beforeEach(() => {
  work = temporaryFolder('culler-tar-');
});
afterEach(() => work.remove());

function contentOf(archive: string, entry: { offset: number; size: number }): Buffer {
  return readFileSync(archive).subarray(entry.offset, entry.offset + entry.size);
}

describe('indexTar', () => {
  it('locates each regular file, with later entries of the same name winning', async () => {
    const archive = path.join(work.dir, 'a.tar');
    writeFileSync(
      archive,
      writeTar([
        { name: 'dir/', type: '5' },
        { name: './dir/a.bin', body: Buffer.alloc(700, 1) },
        { name: 'dir/empty', body: Buffer.alloc(0) },
        { name: 'dir/a.bin', body: Buffer.from('second') },
      ]),
    );
    const entries = await indexTar(archive);
    expect([...entries.keys()]).toEqual(['dir/a.bin', 'dir/empty']);
    expect(contentOf(archive, entries.get('dir/a.bin')!).toString()).toBe('second');
    expect(entries.get('dir/empty')!.size).toBe(0);
  });

  it.skipIf(!hasGnuTar())('reads names longer than ustar allows, in pax and GNU archives', async () => {
    const long = path.join('a'.repeat(60), 'b'.repeat(60), `${'c'.repeat(80)}.onnx`);
    mkdirSync(path.join(work.dir, 'src', path.dirname(long)), { recursive: true });
    const body = Buffer.from(Array.from({ length: 5000 }, (_, index) => index % 251));
    writeFileSync(path.join(work.dir, 'src', long), body);
    for (const format of ['pax', 'gnu']) {
      const archive = path.join(work.dir, `${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-cf', archive, '-C', path.join(work.dir, 'src'), long]);
      const entry = (await indexTar(archive)).get(long.split(path.sep).join('/'));
      expect(entry, format).toBeDefined();
      expect(contentOf(archive, entry!)).toEqual(body);
    }
  });

  it('refuses a file that is not a tar, and one cut short', async () => {
    const notTar = path.join(work.dir, 'not.tar');
    writeFileSync(notTar, Buffer.alloc(1024, 7));
    await expect(indexTar(notTar)).rejects.toThrow(TarFormatError);

    const cut = path.join(work.dir, 'cut.tar');
    writeFileSync(cut, writeTar([{ name: 'x.bin', body: Buffer.alloc(5000, 3) }]).subarray(0, 2048));
    await expect(indexTar(cut)).rejects.toThrow(/past the end/);
  });
});

function hasGnuTar(): boolean {
  try {
    return execFileSync('tar', ['--version'], { encoding: 'utf8' }).includes('GNU tar');
  } catch {
    return false;
  }
}
