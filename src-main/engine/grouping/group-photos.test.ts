import { describe, expect, it } from 'vitest';
import { captureTimeMs, groupPhotos, type GroupingPhoto } from './group-photos.js';

const HASH = 'cdb3a20cc9db136c';
const FAR_HASH = '3240dff33624ec93';

function photo(name: string, capturedAt: string | null, hash = HASH): GroupingPhoto {
  return { key: name, folder: '/shoot', name, capturedAtMs: captureTimeMs(capturedAt), perceptualHash: hash, colourSignature: null };
}

const keys = (photos: GroupingPhoto[], groups: number[][]) => groups.map((members) => members.map((index) => photos[index]!.key));

describe('grouping photos', () => {
  it('reads sub-second capture times, so frames of one second are numbered in the order they were shot', () => {
    expect(captureTimeMs('2024-06-01T18:30:05.217')! - captureTimeMs('2024-06-01T18:30:05')!).toBe(217);
    const photos = [photo('c.jpg', '2024-06-01T18:30:05.40'), photo('a.jpg', '2024-06-01T18:30:05.20'), photo('b.jpg', '2024-06-01T18:30:05.30')];
    expect(keys(photos, groupPhotos(photos).groups)).toEqual([['a.jpg', 'b.jpg', 'c.jpg']]);
  });

  it('never links two timed frames across a gap longer than a scene; a copy without a time joins by pixels, in its folder only', () => {
    const photos = [photo('a.jpg', '2024-06-01T18:30:00'), photo('b.jpg', '2024-06-01T18:32:00')];
    expect(groupPhotos(photos).groups).toHaveLength(2);
    const exported = [...photos, photo('a-export.jpg', null)];
    expect(keys(exported, groupPhotos(exported).groups)).toEqual([['a.jpg', 'b.jpg', 'a-export.jpg']]);
    const elsewhere = [...photos, { ...photo('a-export.jpg', null), folder: '/other' }];
    expect(groupPhotos(elsewhere).groups).toHaveLength(3);
  });

  it('keeps the user’s edits: apart pairs stay apart, together pairs join, alone photos stand alone', () => {
    const photos = ['1', '2', '3', '4'].map((n) => photo(`${n}.jpg`, `2024-06-01T18:30:0${n}`));
    photos.push(photo('5.jpg', '2024-06-01T18:30:05', FAR_HASH));
    expect(keys(photos, groupPhotos(photos).groups)).toEqual([['1.jpg', '2.jpg', '3.jpg', '4.jpg'], ['5.jpg']]);
    const edited = groupPhotos(photos, { apart: [[0, 3], [1, 3], [2, 3]], together: [[3, 4]], alone: new Set([1]) });
    expect(keys(photos, edited.groups)).toEqual([['1.jpg', '3.jpg'], ['2.jpg'], ['4.jpg', '5.jpg']]);
  });
});
