import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { EventLog, importIdle, openTestService, testPlace } from '../../service/service.fixture.js';
import { LibraryRepo } from '../catalog/library.repo.js';
import { exiftoolOrError } from '../exiftool/exiftool-process.js';
import { importedRating } from './imported-ratings.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** A sidecar as Lightroom Classic writes one (trimmed to the fields that matter). */
function lightroomSidecar(rating: number, label: string, keywords: string[]): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmp:Rating="${rating}" xmp:Label="${label}">
   <dc:subject><rdf:Bag>${keywords.map((keyword) => `<rdf:li>${keyword}</rdf:li>`).join('')}</rdf:Bag></dc:subject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

describe('ratings made in other apps (XMP)', () => {
  it('carries stars, rejects, labels and keywords from sidecars in both naming styles and from embedded XMP', async () => {
    const place = testPlace();
    const service = await openTestService(place.home);
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    const events = new EventLog(service);
    const photos = place.photos;
    // IMG_0001.xmp style (Lightroom) beside a RAW.
    copyFileSync(corpusFile('raw', 'sony-slt-a55v-truncated.arw'), path.join(photos, 'DSC_0001.ARW'));
    writeFileSync(path.join(photos, 'DSC_0001.xmp'), lightroomSidecar(4, 'Red', ['wedding', 'first dance']));
    // IMG_0001.CR2.xmp style (darktable), rejected.
    copyFileSync(corpusFile('raw', 'canon-eos-d30.crw'), path.join(photos, 'CRW_0002.CRW'));
    writeFileSync(path.join(photos, 'CRW_0002.CRW.xmp'), lightroomSidecar(-1, 'Purple', []));
    // XMP embedded in a JPEG (Photo Mechanic writes it into the file).
    const jpeg = path.join(photos, 'IMG_0003.jpg');
    copyFileSync(corpusFile('faces', 'obama.jpg'), jpeg);
    await (await exiftoolOrError()).write(jpeg, {}, { writeArgs: ['-XMP-xmp:Rating=2', '-XMP-xmp:Label=Select', '-overwrite_original'] });
    // No XMP at all.
    copyFileSync(corpusFile('faces', 'biden.jpg'), path.join(photos, 'IMG_0004.jpg'));

    await service.handle('library:addFolder', { path: photos });
    await importIdle(service, events);
    const listed = await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 });
    if (!listed.ok) throw new Error(listed.error.message);
    const view = listed.value.items.map(({ name, stars, mark, label, xmpLabel, keywords }) => ({ name, stars, mark, label, xmpLabel, keywords }));
    expect(view).toEqual([
      { name: 'CRW_0002.CRW', stars: 0, mark: 'reject', label: 'purple', xmpLabel: 'Purple', keywords: [] },
      { name: 'DSC_0001.ARW', stars: 4, mark: null, label: 'red', xmpLabel: 'Red', keywords: ['wedding', 'first dance'] },
      { name: 'IMG_0003.jpg', stars: 2, mark: null, label: null, xmpLabel: 'Select', keywords: [] },
      { name: 'IMG_0004.jpg', stars: 0, mark: null, label: null, xmpLabel: null, keywords: [] },
    ]);

    // Marks set in Culler are never overwritten by an XMP read later.
    const repo = new LibraryRepo(service.engine.catalog.database, service.engine.analysisKey);
    const plain = listed.value.items[3]!;
    await service.handle('cull:set', { photoIds: [plain.id], mark: 'pick', stars: 5 });
    const imported = await importedRating(path.join(photos, 'DSC_0001.ARW'));
    expect(repo.applyImportedRating(plain.id, imported!)).toBe(false);
  });
});
