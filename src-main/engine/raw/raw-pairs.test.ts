import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { LibraryRepo } from '../catalog/library.repo.js';
import { exiftoolOrError } from '../exiftool/exiftool-process.js';
import { extractEmbeddedImage } from '../exiftool/raw-metadata.js';
import { EventLog, importIdle, openTestService, testPlace } from '../../service/service.fixture.js';
import type { CullerService } from '../../service/culler-service.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const CR2 = corpusFile('raw', 'canon-eos-1ds-mark3-truncated.cr2');

/** A RAW+JPEG pair as the camera writes it: the JPEG is the same 2784×1856 picture as the RAW's preview. */
async function shootPair(folder: string): Promise<{ raw: string; jpeg: string }> {
  const raw = path.join(folder, 'IMG_0001.CR2');
  const jpeg = path.join(folder, 'IMG_0001.JPG');
  copyFileSync(CR2, raw);
  writeFileSync(jpeg, (await extractEmbeddedImage(CR2, 'IFD0:PreviewImage'))!);
  // The camera writes its EXIF into the JPEG too.
  await (await exiftoolOrError()).write(jpeg, {}, { writeArgs: ['-TagsFromFile', CR2, '-exif:all', '-overwrite_original'] });
  return { raw, jpeg };
}

async function openLibrary(): Promise<{ service: CullerService; events: EventLog; photos: string; home: string }> {
  const place = testPlace();
  const service = await openTestService(place.home);
  cleanup.push(async () => {
    await service.close();
    place.remove();
  });
  return { service, events: new EventLog(service), photos: place.photos, home: place.home };
}

describe('RAW+JPEG pairs', () => {
  it('are one photo with two files: one tile with a RAW+JPEG badge, rated once from the camera JPEG, marks on both', async () => {
    const { service, events, photos } = await openLibrary();
    const { raw, jpeg } = await shootPair(photos);
    copyFileSync(corpusFile('raw', 'sony-slt-a55v-truncated.arw'), path.join(photos, 'DSC_0002.ARW'));
    await service.handle('library:addFolder', { path: photos });
    await importIdle(service, events);

    const listed = await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 });
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.items.map((photo) => photo.name)).toEqual(['DSC_0002.ARW', 'IMG_0001.CR2']);
    const [single, pair] = listed.value.items as [(typeof listed.value.items)[0], (typeof listed.value.items)[0]];
    expect(single).toMatchObject({ status: 'rated', rawFormat: 'arw', camera: 'SONY SLT-A55V', pairFiles: [] });
    // Rated from the JPEG (as large as the preview): the pair has the JPEG's rating, analysed once.
    expect(pair).toMatchObject({ status: 'rated', pairFiles: ['IMG_0001.JPG'], camera: 'Canon EOS-1Ds Mark III', width: 2784, height: 1856 });

    // The repository the export and sidecar code asks: every file of the photo, main file first.
    const { engine } = service;
    const repo = new LibraryRepo(engine.catalog.database, engine.analysisKey);
    expect(repo.filesOfPhoto(pair.id)).toEqual([raw, jpeg]);
    const jpegRow = repo.photoFileByPath(jpeg)!;
    expect(jpegRow.imageHash).toBe(pair.imageHash);
    expect(repo.filesOfPhoto(jpegRow.id)).toEqual([raw, jpeg]);

    // A mark on the pair's tile is on both files.
    expect(await service.handle('cull:set', { photoIds: [pair.id], mark: 'pick', stars: 4 })).toMatchObject({ ok: true });
    const marks = engine.catalog.database.prepare('SELECT name, mark, stars FROM photos ORDER BY name').all();
    expect(marks).toEqual([
      { name: 'DSC_0002.ARW', mark: null, stars: 0 },
      { name: 'IMG_0001.CR2', mark: 'pick', stars: 4 },
      { name: 'IMG_0001.JPG', mark: 'pick', stars: 4 },
    ]);
  });
});

describe('a RAW whose camera JPEG is smaller than its preview', () => {
  it('is rated from its own preview, not from the JPEG', async () => {
    const { service, photos } = await openLibrary();
    const raw = path.join(photos, 'DSC_0009.NEF');
    copyFileSync(corpusFile('raw', 'nikon-d7100-truncated.nef'), raw);
    // A 1080p JPEG under the same name: smaller than the NEF's 6000×4000 JpgFromRaw.
    copyFileSync(corpusFile('faces', 'obama-1080p.jpg'), path.join(photos, 'DSC_0009.JPG'));
    const rating = await service.engine.rateFile(raw);
    if (!rating.ok) throw new Error(rating.error.message);
    expect(rating.result.source.raw).toMatchObject({ format: 'nef', preview_width: 6000, preview_height: 4000 });
  });
});
