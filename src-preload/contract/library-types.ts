/**
 * What the library screens exchange with the backend: folders, the import queue, photo rows for
 * the grid, a photo's detail, culling marks, review feedback, settings and pushed events.
 *
 * Pure types and constants (no runtime imports): main, the preload, the browser bridge and the
 * renderer all share them. Field names are camelCase; the rating result itself keeps RATING.md's
 * snake_case names because it is the same object every door returns.
 */
import type { ContentLevel, DimensionKey, RatingClass, RatingResult } from './rating-result.js';

export type FolderView = {
  id: number;
  path: string;
  addedAt: string;
  /** Photos of this folder in the catalog (rated or failed). */
  photoCount: number;
  /** True while chokidar watches it; false with `error` when the folder is gone or unreadable. */
  watching: boolean;
  error: string | null;
};

export type ImportState = 'idle' | 'running' | 'paused';

export type ImportStatus = {
  state: ImportState;
  /** Files waiting in the persisted queue (survives a restart). */
  queued: number;
  /** Finished since the queue was last empty: done / (done + queued) is the progress bar. */
  done: number;
  /** Of `done`, how many ended in a typed error. */
  failed: number;
  /** The file being rated now, if any. */
  current: string | null;
  /** True while library folders are being rescanned for changes (after opening, or a folder added). */
  scanning: boolean;
};

export type CullMark = 'pick' | 'reject';

/** One grid tile: what sorting, filtering and the tile badges need, nothing heavier. */
export type PhotoSummary = {
  id: number;
  path: string;
  name: string;
  folderId: number | null;
  status: 'rated' | 'failed';
  imageHash: string | null;
  width: number | null;
  height: number | null;
  score: number | null;
  rating: RatingClass | null;
  contentLevel: ContentLevel | null;
  issues: string[];
  needsReview: boolean;
  reviewReason: string | null;
  faceCount: number | null;
  sharpness: number | null;
  /** ISO 8601 from EXIF, when the file has one. */
  capturedAt: string | null;
  /** Tag names, best first (confidences are in the detail). */
  tags: string[];
  mark: CullMark | null;
  /** 0–5; 0 = no stars. */
  stars: number;
  /** Latest thumbs from the review queue: 1 up, -1 down, null none. */
  thumbs: 1 | -1 | null;
  /** True once review feedback was saved for this photo's image. */
  reviewed: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  /** Capture time with sub-seconds where the camera wrote them (bursts); else as `capturedAt`. */
  capturedAtPrecise?: string | null;
  /** The camera RAW format (cr2, nef, …) of the photo's main file; null for other formats. */
  rawFormat?: string | null;
  /** "Canon EOS R6": make and model as one label. */
  camera?: string | null;
  lens?: string | null;
  /** Names of the photo's other files: the JPEG of a RAW+JPEG pair. */
  pairFiles?: string[];
  /** The label (xmp:Label) another app gave the photo, read from its XMP at import. */
  xmpLabel?: string | null;
  /** Keywords (dc:subject) from the photo's XMP at import. */
  keywords?: string[];
};

export const PHOTO_SORTS = ['score', 'captured', 'name', 'sharpness', 'faces'] as const;
export type PhotoSort = (typeof PHOTO_SORTS)[number];
export type SortDirection = 'asc' | 'desc';
export type MarkFilter = CullMark | 'none';
export type ReviewFilter = 'pending' | 'done';

export type PhotoQuery = {
  sort: PhotoSort;
  direction: SortDirection;
  /** Every filter is optional; an empty or missing list means "any". Lists OR within, AND across. */
  ratings?: RatingClass[];
  contentLevels?: ContentLevel[];
  /** Photos carrying all of these tags. */
  tags?: string[];
  /** Photos carrying any of these issue codes. */
  issues?: string[];
  needsReview?: boolean;
  review?: ReviewFilter;
  marks?: MarkFilter[];
  minStars?: number;
  folderId?: number;
  /** Case-insensitive substring of the file name. */
  search?: string;
  offset: number;
  /** At most PHOTO_PAGE_LIMIT. */
  limit: number;
};

export const PHOTO_PAGE_LIMIT = 20_000;

export type PhotoPage = { total: number; offset: number; items: PhotoSummary[] };

export type FacetCount = { value: string; count: number };

/** Counts for the filter bar, over the whole catalog. */
export type PhotoFacets = {
  total: number;
  failed: number;
  needsReview: number;
  reviewPending: number;
  ratings: FacetCount[];
  contentLevels: FacetCount[];
  tags: FacetCount[];
  issues: FacetCount[];
};

export type FeedbackView = {
  id: number;
  source: 'review' | 'api' | 'cli';
  thumbs: 1 | -1 | null;
  /** 0–100, the same scale as `score`. */
  userScore: number | null;
  dimensionFeedback: Partial<Record<DimensionKey, number>> | null;
  createdAt: string;
};

export type PhotoDetail = {
  photo: PhotoSummary;
  /** The full rating result (RATING.md); null for a photo that failed to rate. */
  result: RatingResult | null;
  feedback: FeedbackView[];
};

export type FeedbackRequest = {
  photoId: number;
  thumbs?: 'up' | 'down';
  /** 0–100. */
  userScore?: number;
  /** 0–10 per dimension. */
  dimensionFeedback?: Partial<Record<DimensionKey, number>>;
};

/** Culling marks for one or more photos; a field left out is left as it is. */
export type CullRequest = { photoIds: number[]; mark?: CullMark | null; stars?: number };

export type ApiServerSettings = { enabled: boolean; host: string; port: number };
export type Settings = { apiServer: ApiServerSettings };
export type SettingsPatch = { apiServer?: Partial<ApiServerSettings> };
export type ApiServerStatus = { running: boolean; url: string | null; error: string | null };

export type MediaKind = 'thumb' | 'preview';

/** Pushed from the backend; the renderer refreshes what an event names. */
export type AppEvent =
  | { type: 'photos-changed'; photoIds: number[] }
  | { type: 'photos-removed'; photoIds: number[] }
  | { type: 'import-progress'; status: ImportStatus }
  | { type: 'folders-changed' }
  | { type: 'api-server'; status: ApiServerStatus };
