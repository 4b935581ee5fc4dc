import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { bridge } from '../bridge.ts';
import { useDecodeSelectedAhead } from '../loupe/decoded-images.ts';
import { useAppStore } from '../store/app-store.ts';
import { photoAt, photoById } from '../store/grid-slice.ts';
import { TEST_IDS } from '../test-ids.ts';
import { PhotoTile } from './PhotoTile.tsx';

const GAP = 10;
/** Name, badges and stars under the thumbnail. */
const CAPTION_HEIGHT = 64;

function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * Rows of tiles, virtualised: only the rows in view (plus a few) exist in the DOM, and the pages of
 * photos they cover are fetched as they come into view.
 */
export function PhotoGrid() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const total = useAppStore((state) => state.total);
  const pages = useAppStore((state) => state.pages);
  const selectedIndex = useAppStore((state) => state.selectedIndex);
  const selectedPhotoId = useAppStore((state) => state.selectedPhotoId);
  const multiSelection = useAppStore((state) => state.multiSelection);
  const multiSelected = useMemo(() => new Set(multiSelection), [multiSelection]);
  const setColumns = useAppStore((state) => state.setColumns);
  const ensureRange = useAppStore((state) => state.ensureRange);

  const minTileWidth = useAppStore((state) => state.tileSize);
  const innerWidth = Math.max(0, width - 2 * GAP);
  const columns = Math.max(1, Math.floor((innerWidth + GAP) / (minTileWidth + GAP)));
  const tileWidth = Math.floor((innerWidth - GAP * (columns - 1)) / columns);
  const rowHeight = tileWidth + CAPTION_HEIGHT + GAP;
  const rowCount = total === null ? 0 : Math.ceil(total / columns);

  useEffect(() => setColumns(columns), [columns, setColumns]);

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 4,
    paddingStart: GAP,
    paddingEnd: GAP,
  });
  // Rows are all one height, which changes only with the window width.
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  const rows = virtualizer.getVirtualItems();
  const firstRow = rows[0]?.index ?? 0;
  const lastRow = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => {
    if (rowCount > 0) ensureRange(firstRow * columns, (lastRow + 1) * columns - 1);
  }, [firstRow, lastRow, columns, rowCount, ensureRange]);

  const selectedHash = useAppStore((state) => photoById(state.pages, state.selectedPhotoId)?.imageHash ?? null);
  useDecodeSelectedAhead(selectedHash === null ? null : bridge().mediaUrl('preview', selectedHash));

  // Keyboard moves can leave the screen: bring the selected row into view.
  useEffect(() => {
    if (rowCount > 0) virtualizer.scrollToIndex(Math.floor(selectedIndex / columns), { align: 'auto' });
  }, [selectedIndex, columns, rowCount, virtualizer]);

  const select = useCallback(
    (index: number, modifiers: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }) => useAppStore.getState().clickSelect(index, modifiers),
    [],
  );
  const open = useCallback((index: number) => {
    const state = useAppStore.getState();
    state.select(index);
    state.setView('detail');
  }, []);

  return (
    <div className="grid-scroll" ref={scrollRef} data-testid={TEST_IDS.grid} data-total={total ?? ''} tabIndex={-1}>
      <div className="grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const start = row.index * columns;
          const count = Math.min(columns, (total ?? 0) - start);
          return (
            <div key={row.key} className="grid-row" style={{ transform: `translateY(${row.start}px)`, height: rowHeight - GAP, gap: GAP, paddingLeft: GAP }}>
              {Array.from({ length: count }, (_, offset) => {
                const index = start + offset;
                const photo = photoAt({ pages }, index);
                return (
                  <PhotoTile
                    key={index}
                    index={index}
                    photo={photo}
                    selected={photo !== undefined && photo.id === selectedPhotoId}
                    multiSelected={photo !== undefined && multiSelected.has(photo.id)}
                    width={tileWidth}
                    onSelect={select}
                    onOpen={open}
                  />
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
