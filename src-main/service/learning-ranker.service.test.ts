import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../src-preload/contract/library-types.js';
import { corpusFile } from '../../test-support/corpus.js';
import { iqaPhotos, writeExposure } from '../../test-support/degraded-variants.js';
import { openImportedLibrary, testPlace, value } from './service.fixture.js';

/**
 * The pairwise ranker through the app's own paths: a library of the corpus's burst frames (and a
 * few more photos) in four exposures (near-identical copies: the grouping room makes bursts of them), a user who picks the bright copies and rejects the
 * dark ones with the ordinary mark channel, one training run; the ranker is adopted on held-out
 * bursts, every burst's best frame is then one the user would pick and its reason says so, and a
 * reset gives the built-in choice back.
 */
// Close enough that the grouping room keeps a frame's four copies in one burst.
const EXPOSURES = [
  { name: 'a-dark', gain: 0.8, offset: 0 },
  { name: 'b-dim', gain: 0.9, offset: 5 },
  { name: 'c-bright', gain: 1.05, offset: 12 },
  { name: 'd-airy', gain: 1.15, offset: 20 },
] as const;
/** More moments than the corpus's bursts hold: a few photos of the IQA set, each its own burst of four exposures. */
const MORE_MOMENTS = 6;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const keeps = (photo: PhotoSummary): boolean => /-(c-bright|d-airy)\.jpg$/.test(photo.name);

describe('the pairwise ranker in the library', () => {
  it('learns which frame of a burst the user picks, chooses best frames by it with the reason, and resets to the built-in choice', async () => {
    const place = testPlace();
    const frames = [...readdirSync(corpusFile('bursts')).filter((name) => name.endsWith('.jpg')).map((name) => corpusFile('bursts', name)), ...iqaPhotos(MORE_MOMENTS)];
    for (const frame of frames) {
      for (const exposure of EXPOSURES) await writeExposure(frame, exposure, 640, path.join(place.photos, `${path.parse(frame).name}-${exposure.name}.jpg`));
    }
    const { service } = await openImportedLibrary(place, cleanup, { watch: false, autoTrainEvery: 0 }, 240_000);
    const photos = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 1000 })).items;
    expect(photos).toHaveLength(frames.length * EXPOSURES.length);
    const builtinGroups = value(await service.handle('groups:list', undefined));
    const nameOf = new Map(photos.map((photo) => [photo.id, photo]));
    expect(builtinGroups.length, JSON.stringify(builtinGroups.map((group) => group.photoIds.map((id) => nameOf.get(id)!.name)))).toBeGreaterThanOrEqual(8);

    for (const photo of photos) value(await service.handle('cull:set', { photoIds: [photo.id], mark: keeps(photo) ? 'pick' : 'reject' }));
    const trained = value(await service.handle('learning:train', undefined));
    const ranker = trained.status.ranker!;
    expect(ranker.activeVersion, trained.outcome).not.toBeNull();
    const adopted = ranker.history.find((entry) => entry.version === ranker.activeVersion)!;
    expect(adopted.reason).toMatch(/^beats the built-in best-frame choice: pairwise accuracy within held-out bursts/);
    expect(adopted.accuracy).toBeGreaterThan(adopted.baselineAccuracy);
    expect(trained.outcome).toMatch(new RegExp(`ranker r${ranker.activeVersion} adopted`));

    // Every burst's best frame is now one the user would pick, and the reason says whose choice it is.
    const learned = value(await service.handle('groups:list', undefined));
    expect(learned.map((group) => group.id)).toEqual(builtinGroups.map((group) => group.id));
    for (const group of learned) {
      expect(keeps(nameOf.get(group.bestPhotoId)!), `${group.reason} (${group.photoIds.map((id) => nameOf.get(id)!.name).join(', ')})`).toBe(true);
      expect(group.reason).toMatch(new RegExp(`your picks prefer it \\(ranker r${ranker.activeVersion}\\)`));
    }
    const detail = value(await service.handle('photos:detail', { photoId: learned[0]!.bestPhotoId })).result!;
    expect(detail.group?.reason).toBe(learned[0]!.reason);

    // Reset: the built-in choice again, exactly as before.
    const reset = value(await service.handle('learning:reset', undefined));
    expect(reset.ranker?.activeVersion).toBeNull();
    expect(value(await service.handle('groups:list', undefined))).toEqual(builtinGroups);
  }, 420_000);
});
