import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { exiftoolReads, sha256Of } from '../../../test-support/exiftool-cli.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import { CullOutRepo } from '../catalog/cull-out.repo.js';
import { LibraryRepo } from '../catalog/library.repo.js';
import { endExiftool } from '../exiftool/exiftool-process.js';
import { SidecarWriter } from './sidecar-writer.js';
import { DEFAULT_AUTO_CULL } from './xmp-marks.js';

const engine = useTestEngine({ models: false, aiPack: false });
const folder = temporaryFolder('culler-sidecars-');
afterAll(async () => {
  await endExiftool();
  folder.remove();
});

const ADOBE = { naming: 'adobe' as const, autoCull: { ...DEFAULT_AUTO_CULL } };
const DARKTABLE = { naming: 'darktable' as const, autoCull: { ...DEFAULT_AUTO_CULL } };

/** Copies corpus photos into a fresh folder, rates them, and returns their catalog ids. */
async function ratedCopies(name: string, files: Array<[string, string, string]>) {
  const dir = path.join(folder.dir, name);
  (await import('node:fs')).mkdirSync(dir, { recursive: true });
  const paths = files.map(([corpusDir, corpusName, as]) => {
    const target = path.join(dir, as);
    copyFileSync(corpusFile(corpusDir, corpusName), target);
    return target;
  });
  await engine().rateFiles(paths, () => {});
  const library = new LibraryRepo(engine().catalog.database, engine().analysisKey);
  const ids = paths.map((file) => library.photoFileByPath(file)!.id);
  const hashes = paths.map(sha256Of);
  return { dir, paths, ids, hashes, library, writer: new SidecarWriter(library, new CullOutRepo(engine().catalog.database)) };
}

describe('XMP sidecars', () => {
  it('writes picks, rejects, stars and labels in Adobe style that exiftool reads back; originals untouched', async () => {
    const shoot = await ratedCopies('adobe', [
      ['faces', 'obama.jpg', 'IMG_0001.JPG'],
      ['faces', 'biden.jpg', 'IMG_0002.JPG'],
    ]);
    const [first, second] = shoot.ids as [number, number];
    shoot.library.setCull([first], { mark: 'pick', stars: 4, label: 'green' });
    shoot.library.setCull([second], { mark: 'reject', stars: 2, label: 'red' });
    const summary = await shoot.writer.write(shoot.ids, ADOBE);
    expect(summary).toMatchObject({ written: 2, failed: [] });

    const picked = exiftoolReads(path.join(shoot.dir, 'IMG_0001.xmp'));
    expect(picked).toMatchObject({ 'XMP-xmp:Rating': 4, 'XMP-xmp:Label': 'Green', 'XMP-culler:Pick': 'pick', 'XMP-culler:Source': 'user' });
    expect(picked['XMP-culler:Score']).toEqual(expect.any(Number));
    const rejected = exiftoolReads(path.join(shoot.dir, 'IMG_0002.xmp'));
    expect(rejected).toMatchObject({ 'XMP-xmp:Rating': -1, 'XMP-xmp:Label': 'Red', 'XMP-culler:Pick': 'reject' });
    // The analysis' tags as keywords, each under the one parent keyword.
    const tags = shoot.library.summaries([first])[0]!.tags;
    if (tags.length > 0) {
      expect(picked['XMP-dc:Subject']).toEqual(expect.arrayContaining([tags[0]]));
      expect([picked['XMP-lr:HierarchicalSubject']].flat()).toEqual(expect.arrayContaining([`Culler|${tags[0]}`]));
    }
    expect(shoot.paths.map(sha256Of)).toEqual(shoot.hashes);
    // No temp files left behind.
    expect(readdirSync(shoot.dir).sort()).toEqual(['IMG_0001.JPG', 'IMG_0001.xmp', 'IMG_0002.JPG', 'IMG_0002.xmp']);

    // Unflag, clear the label: the sidecar follows.
    shoot.library.setCull([first], { mark: null, stars: 0, label: null });
    await shoot.writer.write([first], ADOBE);
    const cleared = exiftoolReads(path.join(shoot.dir, 'IMG_0001.xmp'));
    expect(cleared['XMP-xmp:Rating']).toBe(0);
    expect(cleared).not.toHaveProperty('XMP-xmp:Label');
    expect(cleared).not.toHaveProperty('XMP-culler:Pick');
  });

  it('names sidecars darktable style (IMG_0001.JPG.xmp) by setting, and per file when two photos share a stem', async () => {
    const shoot = await ratedCopies('darktable', [
      ['faces', 'obama.jpg', 'IMG_0003.JPG'],
      ['faces', 'alex-lacamoire.png', 'IMG_0004.png'],
      ['faces', 'img1.jpg', 'IMG_0004.jpg'],
    ]);
    shoot.library.setCull(shoot.ids, { stars: 3 });
    await shoot.writer.write([shoot.ids[0]!], DARKTABLE);
    expect(exiftoolReads(path.join(shoot.dir, 'IMG_0003.JPG.xmp'))).toMatchObject({ 'XMP-xmp:Rating': 3 });
    expect(existsSync(path.join(shoot.dir, 'IMG_0003.xmp'))).toBe(false);
    // Adobe style would give IMG_0004.png and IMG_0004.jpg one IMG_0004.xmp: each keeps its own.
    await shoot.writer.write(shoot.ids.slice(1), ADOBE);
    expect(existsSync(path.join(shoot.dir, 'IMG_0004.xmp'))).toBe(false);
    expect(exiftoolReads(path.join(shoot.dir, 'IMG_0004.png.xmp'))).toMatchObject({ 'XMP-xmp:Rating': 3 });
    expect(exiftoolReads(path.join(shoot.dir, 'IMG_0004.jpg.xmp'))).toMatchObject({ 'XMP-xmp:Rating': 3 });
    expect(shoot.paths.map(sha256Of)).toEqual(shoot.hashes);
  });

  it("merges into another app's sidecar: darktable history, Lightroom settings and keywords survive; its rating is adopted", async () => {
    const shoot = await ratedCopies('merge', [['faces', 'two_people.jpg', 'IMG_0001.JPG']]);
    const sidecar = path.join(shoot.dir, 'IMG_0001.xmp');
    copyFileSync(path.join(import.meta.dirname, 'test-fixtures', 'darktable-and-lightroom.xmp'), sidecar);
    const before = exiftoolReads(sidecar);
    const id = shoot.ids[0]!;

    // The user only labels it: the 3 stars another app gave it are kept, and taken into the catalog.
    shoot.library.setCull([id], { label: 'blue' });
    const first = await shoot.writer.write([id], ADOBE);
    expect(first.adopted).toEqual([id]);
    expect(shoot.library.summaries([id])[0]).toMatchObject({ stars: 3, label: 'blue' });
    const after = exiftoolReads(sidecar);
    expect(after).toMatchObject({ 'XMP-xmp:Rating': 3, 'XMP-xmp:Label': 'Blue' });
    for (const tag of ['XMP-darktable:History', 'XMP-darktable:HistoryEnd', 'XMP-crs:Exposure2012', 'XMP-crs:WhiteBalance', 'XMP-xmpMM:DerivedFrom']) {
      expect(after[tag], tag).toEqual(before[tag]);
    }
    expect(after['XMP-dc:Subject']).toEqual(expect.arrayContaining(['client-smith', 'wedding']));
    expect([after['XMP-lr:HierarchicalSubject']].flat()).toEqual(expect.arrayContaining(['Clients|client-smith']));

    // Another app changes the rating to a reject since our write: re-read and merged, not clobbered.
    writeFileSync(sidecar, (await import('node:fs')).readFileSync(sidecar, 'utf8').replace(/<xmp:Rating>3<\/xmp:Rating>|xmp:Rating='3'|xmp:Rating="3"/, (found) => found.replace('3', '-1')));
    expect(exiftoolReads(sidecar)['XMP-xmp:Rating']).toBe(-1);
    shoot.library.setCull([id], { label: 'purple' });
    const second = await shoot.writer.write([id], ADOBE);
    expect(second.adopted).toEqual([id]);
    expect(shoot.library.summaries([id])[0]).toMatchObject({ mark: 'reject', label: 'purple' });
    expect(exiftoolReads(sidecar)).toMatchObject({ 'XMP-xmp:Rating': -1, 'XMP-xmp:Label': 'Purple', 'XMP-darktable:History': before['XMP-darktable:History'] });

    // Our user's change wins over an old value of theirs: pick with 5 stars.
    shoot.library.setCull([id], { mark: 'pick', stars: 5 });
    await shoot.writer.write([id], ADOBE);
    expect(exiftoolReads(sidecar)).toMatchObject({ 'XMP-xmp:Rating': 5, 'XMP-culler:Pick': 'pick', 'XMP-crs:Exposure2012': before['XMP-crs:Exposure2012'] });
    expect(shoot.paths.map(sha256Of)).toEqual(shoot.hashes);
  });

  it('leaves a sidecar that is not valid XML as it is, with invalid_sidecar', async () => {
    const shoot = await ratedCopies('invalid', [['faces', 'img1.jpg', 'IMG_0009.JPG']]);
    const sidecar = path.join(shoot.dir, 'IMG_0009.xmp');
    const broken = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><oops';
    writeFileSync(sidecar, broken);
    shoot.library.setCull(shoot.ids, { mark: 'pick' });
    const summary = await shoot.writer.write(shoot.ids, ADOBE);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]!.error).toMatchObject({ code: 'invalid_sidecar' });
    expect((await import('node:fs')).readFileSync(sidecar, 'utf8')).toBe(broken);
    expect(readdirSync(shoot.dir).sort()).toEqual(['IMG_0009.JPG', 'IMG_0009.xmp']);
  });

  it('auto-culls unmarked photos by the documented mapping; the user’s marks win', async () => {
    const shoot = await ratedCopies('auto', [
      ['faces', 'obama.jpg', 'A.jpg'],
      ['faces', 'biden.jpg', 'B.jpg'],
    ]);
    const [auto, marked] = shoot.ids as [number, number];
    shoot.library.setCull([marked], { stars: 1 });
    const mapping = { ...DEFAULT_AUTO_CULL, enabled: true };
    await shoot.writer.write(shoot.ids, { naming: 'adobe', autoCull: mapping });
    const photo = shoot.library.summaries([auto])[0]!;
    const expectedStars = photo.rating === 'Low' ? -1 : mapping.starBands.filter((band) => photo.score! >= band).length;
    expect(exiftoolReads(path.join(shoot.dir, 'A.xmp'))).toMatchObject({ 'XMP-xmp:Rating': expectedStars, 'XMP-culler:Source': 'auto' });
    expect(exiftoolReads(path.join(shoot.dir, 'B.xmp'))).toMatchObject({ 'XMP-xmp:Rating': 1, 'XMP-culler:Source': 'user' });
    // The auto-cull's guess is not a mark: the catalog still says unmarked.
    expect(shoot.library.summaries([auto])[0]).toMatchObject({ mark: null, stars: 0, label: null });
  });
});
