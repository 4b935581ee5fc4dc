import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../test-support/corpus.js';
import { runCli, type CliRun } from '../../test-support/run-cli.js';
import { exiftoolReads, sha256Of } from '../../test-support/exiftool-cli.js';

const folder = temporaryFolder('culler-cli-cull-out-');
afterAll(() => folder.remove());

const run = (args: string[]): Promise<CliRun> => runCli(args);

describe('culler mark and culler export', () => {
  const shoot = path.join(folder.dir, 'shoot');
  const picks = path.join(folder.dir, 'picks');
  const home = path.join(folder.dir, 'home');
  const file = (name: string) => path.join(shoot, name);
  const common = ['--home', home, '--no-models'];

  it('marks files (rating unknown ones first), writes their sidecars, exports exactly the picks with them, and a CSV', async () => {
    mkdirSync(shoot, { recursive: true });
    mkdirSync(picks);
    for (const [from, to] of [['obama.jpg', 'IMG_0001.JPG'], ['biden.jpg', 'IMG_0002.JPG'], ['img1.jpg', 'IMG_0003.JPG']] as const) copyFileSync(corpusFile('faces', from), file(to));
    const before = ['IMG_0001.JPG', 'IMG_0002.JPG', 'IMG_0003.JPG'].map((name) => sha256Of(file(name)));

    const picked = await run(['mark', file('IMG_0001.JPG'), file('IMG_0003.JPG'), '--pick', '--stars', '4', '--label', 'red', ...common]);
    expect(picked.code).toBe(0);
    expect(picked.stdout).toContain(`${file('IMG_0001.JPG')}: pick, 4 stars, red label; sidecar IMG_0001.xmp`);
    const rejected = await run(['mark', file('IMG_0002.JPG'), '--reject', ...common]);
    expect(rejected.code).toBe(0);
    expect(exiftoolReads(file('IMG_0001.xmp'))).toMatchObject({ 'XMP-xmp:Rating': 4, 'XMP-xmp:Label': 'Red', 'XMP-culler:Pick': 'pick' });
    expect(exiftoolReads(file('IMG_0002.xmp'))).toMatchObject({ 'XMP-xmp:Rating': -1, 'XMP-culler:Pick': 'reject' });

    const xmp = await run(['export', shoot, '--xmp', '--naming', 'darktable', ...common]);
    expect(xmp.code).toBe(0);
    expect(xmp.stdout).toMatch(/xmp: 3 written, 0 already up to date, 0 failed \(darktable names\)/);
    expect(exiftoolReads(file('IMG_0003.JPG.xmp'))).toMatchObject({ 'XMP-xmp:Rating': 4, 'XMP-xmp:Label': 'Red' });

    const dry = await run(['export', shoot, '--to', picks, '--picks', '--dry-run', ...common]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run: 2 photos would be copied/);
    expect(readdirSync(picks)).toEqual([]);

    const exported = await run(['export', shoot, '--to', picks, '--picks', ...common]);
    expect(exported.code).toBe(0);
    expect(readdirSync(picks).sort()).toEqual(['IMG_0001.JPG', 'IMG_0001.JPG.xmp', 'IMG_0001.xmp', 'IMG_0003.JPG', 'IMG_0003.JPG.xmp', 'IMG_0003.xmp']);
    expect(exported.stdout).toMatch(/2 photos copied \(6 files, .*\), 0 skipped \(name taken\), 0 failed/);

    const csvFile = path.join(folder.dir, 'proof.csv');
    expect((await run(['export', shoot, '--csv', csvFile, ...common])).code).toBe(0);
    const rows = readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('path,mark,stars,label,score,rating,verdict,issues,tags');
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 4).join(','))).toEqual([
      `${file('IMG_0001.JPG')},pick,4,red`,
      `${file('IMG_0002.JPG')},reject,0,`,
      `${file('IMG_0003.JPG')},pick,4,red`,
    ]);
    // Never replaces: the CSV, nor the photos.
    expect((await run(['export', shoot, '--csv', csvFile, ...common])).code).toBe(1);
    expect(['IMG_0001.JPG', 'IMG_0002.JPG', 'IMG_0003.JPG'].map((name) => sha256Of(file(name)))).toEqual(before);
  });

  it('moves the not-rejected photos and undoes the move by the id it printed', async () => {
    const kept = path.join(folder.dir, 'kept');
    mkdirSync(kept);
    const before = readdirSync(shoot).sort();
    const moved = await run(['export', shoot, '--to', kept, '--move', '--not-rejected', ...common]);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/2 photos moved/);
    expect(readdirSync(shoot).sort()).toEqual(['IMG_0002.JPG', 'IMG_0002.JPG.xmp', 'IMG_0002.xmp']);
    const undo = moved.stdout.match(/undo with: culler export --undo (\d+)/)![1]!;
    const undone = await run(['export', '--undo', undo, '--home', home]);
    expect(undone).toMatchObject({ code: 0, stdout: expect.stringContaining('moved 6 files back') });
    expect(readdirSync(shoot).sort()).toEqual(before);
    expect(readdirSync(kept)).toEqual([]);
  });

  it('exits non-zero with the reason on bad input', async () => {
    expect((await run(['mark', file('IMG_0001.JPG'), '--pick', '--reject', ...common])).code).toBe(2);
    expect((await run(['mark', file('IMG_0001.JPG'), '--label', 'orange', ...common])).code).toBe(2);
    expect((await run(['mark', file('IMG_0001.JPG'), '--stars', '7', ...common])).code).toBe(2);
    expect((await run(['export', shoot, ...common])).code).toBe(2);
    const missing = await run(['mark', file('nope.jpg'), '--pick', ...common]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('file_not_found') });
    const inside = await run(['export', shoot, '--to', shoot, ...common]);
    expect(inside).toMatchObject({ code: 1, stderr: expect.stringContaining('destination_inside_source') });
    const nowhere = await run(['export', shoot, '--to', path.join(folder.dir, 'nowhere'), ...common]);
    expect(nowhere).toMatchObject({ code: 1, stderr: expect.stringContaining('destination_missing') });
  });
});
