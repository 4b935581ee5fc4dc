import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../test-support/corpus.js';
import { runCli, type CliRun } from '../../test-support/run-cli.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

const run = (args: string[]): Promise<CliRun> => runCli(args);

function shoot(): { dir: string; home: string } {
  const folder = temporaryFolder();
  cleanup.push(folder.remove);
  const dir = path.join(folder.dir, 'shoot');
  mkdirSync(path.join(dir, 'day2'), { recursive: true });
  copyFileSync(corpusFile('faces', 'obama.jpg'), path.join(dir, 'IMG_0001.JPG'));
  // Named .jpg but really a PNG: the type comes from the bytes.
  copyFileSync(corpusFile('faces', 'alex-lacamoire.png'), path.join(dir, 'IMG_0002.jpg'));
  copyFileSync(corpusFile('heif', 'example.heic'), path.join(dir, 'day2', 'IMG_0003.HEIC'));
  writeFileSync(path.join(dir, 'IMG_0001.xmp'), '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>');
  return { dir, home: path.join(folder.dir, 'home') };
}

describe('culler rate', () => {
  it('prints one JSON result per photo in the rating shape, skipping sidecars', async () => {
    const { dir, home } = shoot();
    const { code, stdout, stderr } = await run(['rate', dir, '--home', home, '--no-models']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => path.basename(line.file))).toEqual(['IMG_0001.JPG', 'IMG_0002.jpg']);
    expect(lines[1]).toMatchObject({ source: { format: 'png' }, quality: { issues: expect.arrayContaining(['low_resolution']) } });
    expect(lines[0]).toHaveProperty('dimension_scores.skin_quality', null);
    expect(lines[0].dimension_scores.lighting).toEqual(expect.any(Number));
    expect(lines[0].analyzers.length).toBeGreaterThan(0);
    expect(stderr).toMatch(/rated 2 photos, 0 failed.*1 non-image file skipped/);
  });

  it('descends into sub-folders with --recursive', async () => {
    const { dir, home } = shoot();
    const { code, stdout } = await run(['rate', dir, '--recursive', '--home', home, '--no-models']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(3);
    expect(stdout).toContain('"format":"heic"');
  });

  it('reports failures per file, rates the good ones and exits 1', async () => {
    const { dir, home } = shoot();
    const args = ['rate', path.join(dir, 'IMG_0001.JPG'), corpusFile('bad', 'truncated_jpeg.jpg'), path.join(dir, 'nope.jpg'), '--home', home, '--no-models'];
    const { code, stdout } = await run(args);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.file.endsWith('nope.jpg')).error.code).toBe('file_not_found');
    expect(lines.find((line) => line.file.endsWith('truncated_jpeg.jpg')).error.code).toBe('corrupt_image');
    expect(lines.find((line) => line.file.endsWith('IMG_0001.JPG')).image_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps stdout pure JSON lines even when the HEIF decoder complains', async () => {
    const { home } = shoot();
    const { stdout } = await run(['rate', corpusFile('bad-heif'), '--home', home, '--no-models']);
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) expect(() => JSON.parse(line), line.slice(0, 80)).not.toThrow();
  });

  it('writes CSV with a header and a table for people', async () => {
    const { dir, home } = shoot();
    const csv = await run(['rate', dir, '--csv', '--home', home, '--no-models']);
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^file,status,error_code/);
    expect(rows).toHaveLength(3);
    const table = await run(['rate', dir, '--table', '--home', home, '--no-models']);
    expect(table.stdout).toContain('IMG_0002.jpg');
    expect(table.stdout).toContain('NOT ACCEPTABLE (low_resolution');
    expect(table.stderr).toContain('2 unchanged, from the catalog');
  });

  it('rates faces and content with the embedded models and says where they ran', async () => {
    const { dir, home } = shoot();
    const { code, stdout, stderr } = await run(['rate', path.join(dir, 'IMG_0001.JPG'), '--home', home]);
    expect(code).toBe(0);
    const [result] = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(result.face_count).toBe(1);
    expect(result.content_rating.level).toBe('safe');
    expect(stderr).toMatch(/models: faces .* on cpu/);
  });

  it('answers usage errors with exit code 2', async () => {
    expect((await run(['rate'])).code).toBe(2);
    expect((await run(['rate', 'x', '--json', '--csv'])).code).toBe(2);
    expect((await run(['rate', 'x', '--concurrency', 'lots'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['rate', 'x', '--bogus'])).code).toBe(2);
    expect((await run(['--help'])).stdout).toContain('culler rate');
  });
});
