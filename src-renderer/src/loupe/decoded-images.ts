import { useEffect } from 'react';

/**
 * Images fetched AND decoded ahead of the key that shows them. A fetched but undecoded JPEG still
 * costs the paint its decode (tens of ms for a 1600 px preview, hundreds for a full-resolution
 * photo), so each is decoded with `img.decode()` and the element is held: while it is referenced
 * the browser keeps the resource in memory and its decoded pixels in the decode cache, and an
 * `<img>` of the same URL drawn at the same scale paints from them.
 */
type Held = { image: HTMLImageElement; ready: Promise<boolean> };

const held = new Map<string, Held>();
/** The held URLs whose decode has finished. */
const decoded = new Set<string>();
/** The current photo and its neighbours, at fit and at 100 %: a few full-resolution decodes at most. */
const HOLD = 10;

/** Fetches and decodes `url` once; resolves true when its pixels are ready, false when it failed. */
export function decodeAhead(url: string): Promise<boolean> {
  const found = held.get(url);
  if (found) {
    // Most recently wanted last: the oldest goes first when the memory is full.
    held.delete(url);
    held.set(url, found);
    return found.ready;
  }
  const image = new Image();
  image.decoding = 'async';
  image.src = url;
  const ready = image.decode().then(
    () => {
      decoded.add(url);
      return true;
    },
    () => {
      held.delete(url);
      return false;
    },
  );
  held.set(url, { image, ready });
  while (held.size > HOLD) {
    const oldest = held.keys().next().value!;
    held.delete(oldest);
    decoded.delete(oldest);
  }
  return ready;
}

/** Whether `url` has been decoded ahead and is still held: a view can show it in the frame that follows the key. */
export function isDecoded(url: string): boolean {
  return decoded.has(url);
}

/** Resolves after the frame now being prepared has been painted: work started then does not delay it. */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  });
}

/** How long a grid selection must stay put before its preview is decoded ahead: a held arrow key fetches nothing. */
const SETTLE_MS = 200;

/**
 * The grid's selected photo: its preview fetched and decoded once the selection settles, so that F
 * (or Z) paints it at once instead of waiting for the network and a 1600 px decode.
 */
export function useDecodeSelectedAhead(previewUrl: string | null): void {
  useEffect(() => {
    if (previewUrl === null) return;
    const timer = setTimeout(() => void decodeAhead(previewUrl), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [previewUrl]);
}
