import { describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { followSelection, GRID_PAGE_SIZE, indexOfPhoto } from './grid-slice.ts';

const photo = (id: number) => ({ id }) as PhotoSummary;
const page = (...ids: number[]) => ids.map(photo);

describe('the selection follows the photo, not the position', () => {
  it('takes the photo\'s new position when files arrive ahead of it', () => {
    // Photo 6 was 6th of 8 (index 5); three new photos sort before it.
    const pages = new Map([[0, page(1, 2, 20, 21, 22, 3, 4, 5, 6, 7, 8)]]);
    expect(followSelection({ selectedIndex: 5, selectedPhotoId: 6 }, pages, 11, 0)).toEqual({ selectedIndex: 8, selectedPhotoId: 6 });
  });

  it('prefers the page just read over a stale page that still holds the photo at its old place', () => {
    const pages = new Map([
      [1, page(...Array.from({ length: GRID_PAGE_SIZE }, (_, index) => 1000 + index))],
      [0, page(9, 8, 7)],
    ]);
    pages.get(1)![3] = photo(8); // stale copy
    expect(followSelection({ selectedIndex: 0, selectedPhotoId: 8 }, pages, GRID_PAGE_SIZE + 3, 0).selectedIndex).toBe(1);
    expect(indexOfPhoto(pages, 1002)).toBe(GRID_PAGE_SIZE + 2);
  });

  it('keeps the id of a photo no loaded page holds (its marks still land on it), the position clamped', () => {
    expect(followSelection({ selectedIndex: 9, selectedPhotoId: 42 }, new Map([[0, page(1, 2, 3)]]), 3, 0)).toEqual({ selectedIndex: 2, selectedPhotoId: 42 });
  });

  it('after a new filter, a photo the first page does not show gives way to the first photo', () => {
    expect(followSelection({ selectedIndex: 0, selectedPhotoId: 42 }, new Map([[0, page(7, 8, 9)]]), 3, 0, true)).toEqual({ selectedIndex: 0, selectedPhotoId: 7 });
    expect(followSelection({ selectedIndex: 0, selectedPhotoId: 9 }, new Map([[0, page(7, 8, 9)]]), 3, 0, true)).toEqual({ selectedIndex: 2, selectedPhotoId: 9 });
  });

  it('adopts the photo at the position when none was known yet', () => {
    expect(followSelection({ selectedIndex: 1, selectedPhotoId: null }, new Map([[0, page(7, 8, 9)]]), 3, 0)).toEqual({ selectedIndex: 1, selectedPhotoId: 8 });
  });
});
