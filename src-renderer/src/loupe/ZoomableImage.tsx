import { useLayoutEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { bridge } from '../bridge.ts';
import type { ImagePoint, Zoom } from '../store/loupe-slice.ts';
import { TEST_IDS } from '../test-ids.ts';
import { isDecoded } from './decoded-images.ts';

type ZoomableImageProps = {
  imageHash: string;
  name: string;
  /** The upright photo's pixels: 100 % draws it this size. */
  width: number;
  height: number;
  zoom: Zoom;
  /** The image point at the stage's centre at 100 %. */
  center: ImagePoint;
  /** A click without a drag: at fit, the point clicked (zoom there); at 100 %, back to fit. */
  onToggleZoom: (point: ImagePoint) => void;
  /** A drag at 100 %, as fractions of the image. */
  onPan: (dx: number, dy: number) => void;
};

/** Below this many pixels of movement a press is a click, not a drag. */
const CLICK_SLOP_PX = 4;

function useStageSize(ref: React.RefObject<HTMLDivElement | null>) {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** Offset of an image `length` long in a stage `stage` long, centred on `center`, never leaving a gap that could be filled. */
function offsetFor(stage: number, length: number, center: number): number {
  if (length <= stage) return (stage - length) / 2;
  return Math.max(stage - length, Math.min(0, stage / 2 - center * length));
}

/**
 * One photo at fit or at 100 %. At fit it is the 1600 px preview, contained. At 100 % the preview is
 * drawn at the photo's full size at once (the key paints without waiting), and the full-resolution
 * image, decoded once by the backend and cached, replaces it when it has arrived.
 */
export function ZoomableImage({ imageHash, name, width, height, zoom, center, onToggleZoom, onPan }: ZoomableImageProps) {
  const stageRef = useRef<HTMLDivElement>(null);
  const stage = useStageSize(stageRef);
  const [fullLoaded, setFullLoaded] = useState<string | null>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  const fitScale = stage.width > 0 && stage.height > 0 ? Math.min(stage.width / width, stage.height / height, 1) : 0;
  const scale = zoom === 'actual' ? 1 : fitScale;
  const shownWidth = width * scale;
  const shownHeight = height * scale;
  const left = zoom === 'actual' ? offsetFor(stage.width, shownWidth, center.x) : (stage.width - shownWidth) / 2;
  const top = zoom === 'actual' ? offsetFor(stage.height, shownHeight, center.y) : (stage.height - shownHeight) / 2;

  const onPointerDown = (event: ReactPointerEvent) => {
    if (event.button !== 0) return;
    drag.current = { x: event.clientX, y: event.clientY, moved: false };
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: ReactPointerEvent) => {
    const start = drag.current;
    if (!start || zoom !== 'actual') return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (!start.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
    start.moved = true;
    start.x = event.clientX;
    start.y = event.clientY;
    onPan(-dx / shownWidth, -dy / shownHeight);
  };
  const onPointerUp = (event: ReactPointerEvent) => {
    const start = drag.current;
    drag.current = null;
    if (!start || start.moved || shownWidth === 0) return;
    const rect = stageRef.current!.getBoundingClientRect();
    const x = (event.clientX - rect.left - left) / shownWidth;
    const y = (event.clientY - rect.top - top) / shownHeight;
    onToggleZoom({ x: Math.max(0, Math.min(1, x)), y: Math.max(0, Math.min(1, y)) });
  };

  const box = { left, top, width: shownWidth, height: shownHeight };
  const fullUrl = bridge().mediaUrl('full', imageHash);
  // Decoded ahead (the neighbour the key went to): shown in the key's own frame, with no preview under it.
  const fullAhead = zoom === 'actual' && isDecoded(fullUrl);
  const fullReady = fullLoaded === imageHash || fullAhead;
  return (
    <div
      ref={stageRef}
      className={`zoom-stage zoom-${zoom}`}
      data-testid={TEST_IDS.zoomStage}
      data-zoom={zoom}
      data-center-x={center.x.toFixed(3)}
      data-center-y={center.y.toFixed(3)}
      data-full-loaded={fullReady}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      title={zoom === 'fit' ? 'Click a point to see it at 100 % (Z)' : 'Drag to pan; click for the whole photo (Z)'}
    >
      {scale > 0 && (
        <>
          {!fullAhead && (
            <img
              key={`p-${imageHash}`}
              className="zoom-image"
              src={bridge().mediaUrl('preview', imageHash)}
              alt={name}
              style={box}
              draggable={false}
              // The photo on screen goes before the neighbours being fetched ahead.
              fetchPriority="high"
              decoding="sync"
              {...{ elementtiming: 'loupe-preview' }}
            />
          )}
          {zoom === 'actual' && (
            <img
              key={`f-${imageHash}`}
              className={`zoom-image zoom-full ${fullReady ? 'zoom-full-ready' : ''}`}
              src={fullUrl}
              alt={fullAhead ? name : ''}
              style={box}
              draggable={false}
              // Alone on the stage it must not leave a blank frame; over the preview it may arrive later.
              decoding={fullAhead ? 'sync' : 'async'}
              onLoad={() => setFullLoaded(imageHash)}
              {...{ elementtiming: 'loupe-full' }}
            />
          )}
        </>
      )}
      {zoom === 'actual' && <span className="zoom-badge">{fullReady ? '100 %' : '100 % · loading full resolution…'}</span>}
    </div>
  );
}
