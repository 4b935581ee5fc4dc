import path from 'node:path';
import type { DecodeLimits } from '../config.js';
import { PreviewCache } from './preview-cache.js';

/**
 * Past any camera's long side (a 150 MP medium-format file is 14,204 px wide), so the image is
 * kept at its own size: the loupe's 100 % view shows the photo's real pixels to judge focus.
 */
export const FULL_IMAGE_LONG_SIDE_PX = 16_384;

/**
 * Full-resolution JPEGs for the loupe's 100 % view, in `<cacheDir>/full`: decoded once per image
 * content on first request (upright, HEIC included, through the same decoder as the rating) and
 * served from the file after that. Concurrent requests share one decode, and each decode runs in
 * libvips' thread pool, so asking for one photo's full image never holds up another's preview.
 */
export function openFullImageCache(cacheDir: string, limits: DecodeLimits): PreviewCache {
  return new PreviewCache(path.join(cacheDir, 'full'), limits, FULL_IMAGE_LONG_SIDE_PX);
}
