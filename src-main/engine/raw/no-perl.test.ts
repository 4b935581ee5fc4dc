import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';

const run = promisify(execFile);
const SCRIPT = path.join(import.meta.dirname, 'test-fixtures', 'rate-one-file.ts');

describe.skipIf(process.platform === 'win32')('RAW without perl', () => {
  it('gets a typed exiftool_unavailable error saying to install perl, while a JPEG is still rated', async () => {
    const folder = temporaryFolder();
    try {
      // PATH without perl (node is started by its absolute path).
      const env = { ...process.env, PATH: path.join(folder.dir, 'empty-bin') };
      const rate = async (file: string) =>
        JSON.parse((await run(process.execPath, ['--import', 'tsx', SCRIPT, path.join(folder.dir, 'home'), file], { env, cwd: path.resolve(import.meta.dirname, '../../..') })).stdout);
      const raw = await rate(corpusFile('raw', 'nikon-d7100-truncated.nef'));
      expect(raw).toMatchObject({ ok: false, error: { code: 'exiftool_unavailable' } });
      expect(raw.error.message).toMatch(/install perl/);
      expect(await rate(corpusFile('raw', 'nikon-d70s-actually-jpeg.nef'))).toEqual({ ok: true, format: 'jpeg' });
    } finally {
      folder.remove();
    }
  }, 120_000);
});
