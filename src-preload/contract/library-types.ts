/**
 * What the library screens exchange with the backend: folders, the import queue, photo rows for
 * the grid, a photo's detail, culling marks, review feedback, settings and pushed events.
 *
 * Pure types and constants (no runtime imports): main, the preload, the browser bridge and the
 * renderer all share them. Field names are camelCase; the rating result itself keeps RATING.md's
 * snake_case names because it is the same object every door returns.
 */
import type { ContentLevel, DimensionKey, RatingClass, RatingResult, ShootProfile } from './rating-result.js';

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
  /**
   * Set when the import paused itself because nothing can be saved (the disk is full, the home is
   * read-only): every file stays queued, and the import carries on when asked or when space returns.
   * Absent when the user paused it, or it is not paused.
   */
  pausedReason?: { code: ImportPauseCode; message: string };
};

/** Why an import paused itself: where the app keeps its data cannot take writes. */
export type ImportPauseCode = 'disk_full' | 'catalog_read_only' | 'home_unwritable';

export type CullMark = 'pick' | 'reject';

/** Lightroom's five colour labels (keys 6–9 and V); written to XMP as `xmp:Label` "Red" … "Purple". */
export const COLOR_LABELS = ['red', 'yellow', 'green', 'blue', 'purple'] as const;
export type ColorLabel = (typeof COLOR_LABELS)[number];
export type LabelFilter = ColorLabel | 'none';

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
  /** The colour label, or null for none. */
  label: ColorLabel | null;
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
  /**
   * The adopted personal model's verdict when it decided this photo's score, rating and review
   * (learning from feedback); null or absent: the built-in gate's values are shown.
   */
  personal?: { version: number; verdict: 'keep' | 'review' | 'reject' } | null;
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
  /** Photos with any of these colour labels ('none': no label). */
  labels?: LabelFilter[];
  folderId?: number;
  /** Case-insensitive substring of the file name. */
  search?: string;
  /** Show each burst as its best frame only, except the groups in `expandedGroups`. */
  collapseStacks?: boolean;
  expandedGroups?: number[];
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
  /** Photos per colour label (photos without one are not counted). */
  labels: FacetCount[];
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
export type CullRequest = { photoIds: number[]; mark?: CullMark | null; stars?: number; label?: ColorLabel | null };

/**
 * cull:undo / cull:redo: the photos whose marks went back (or forward), as they are now, and what
 * was undone or redone in words ("reject on 3 photos"); `description: null` when there was nothing to.
 */
export type MarkHistoryMove = { photos: PhotoSummary[]; description: string | null; canUndo: boolean; canRedo: boolean };
export type MarkHistoryStatus = { canUndo: boolean; canRedo: boolean };

export type ApiServerSettings = { enabled: boolean; host: string; port: number };

/**
 * XMP sidecar names: 'adobe' IMG_0001.xmp (Lightroom, Capture One, Photo Mechanic, Bridge), or
 * 'darktable' IMG_0001.CR2.xmp (darktable, digiKam). See docs/xmp-and-export.md.
 */
export const SIDECAR_NAMINGS = ['adobe', 'darktable'] as const;
export type SidecarNaming = (typeof SIDECAR_NAMINGS)[number];

/**
 * What the auto-cull writes into the sidecars of photos the user has not marked (no flag, no stars,
 * no label); a photo the user marked is written from the user's marks only.
 */
export type AutoCullMapping = {
  enabled: boolean;
  /** A photo whose rating class is Low: written as a reject (xmp:Rating −1), or left unrated. */
  low: 'reject' | 'none';
  /** The label of a photo that needs review (null: no label). */
  needsReviewLabel: ColorLabel | null;
  /** The lowest score for 1, 2, 3, 4 and 5 stars, ascending; below the first, no stars. */
  starBands: [number, number, number, number, number];
};

export type XmpSettings = {
  /** Write sidecars on every mark change (on by default). */
  writeSidecars: boolean;
  naming: SidecarNaming;
  autoCull: AutoCullMapping;
};

export type Settings = {
  apiServer: ApiServerSettings;
  xmp: XmpSettings;
  /** The library's shoot profile: what goes to review and how the score weighs; changing it re-judges the library without decoding. */
  profile: ShootProfile;
};
export type SettingsPatch = {
  apiServer?: Partial<ApiServerSettings>;
  xmp?: Partial<Omit<XmpSettings, 'autoCull'>> & { autoCull?: Partial<AutoCullMapping> };
  profile?: ShootProfile;
};
export type ApiServerStatus = { running: boolean; url: string | null; error: string | null };

/** `full`: the photo at its own resolution (the loupe's 100 % view), decoded once and cached. */
export type MediaKind = 'thumb' | 'preview' | 'full';

/** A burst in the library: a stack in the grid. Photos in no group stand alone. */
export type PhotoGroupView = {
  id: number;
  /** Frame (capture) order. */
  photoIds: number[];
  /** Each frame's rank from the best (1), in the order of `photoIds`. */
  ranks: number[];
  bestPhotoId: number;
  /** One sentence: why the best is best, and what is wrong with the others. */
  reason: string;
};

/**
 * The user's grouping edits; each persists and holds across regrouping. `split`: these photos leave
 * their group as a group of their own; `merge`: these photos and their groups become one group;
 * `detach`: each photo stands alone; `regroup`: group the whole library again (edits kept).
 */
export type GroupEditRequest = { action: 'split' | 'merge' | 'detach'; photoIds: number[] } | { action: 'regroup' };
export type ExportMode = 'copy' | 'move';
/** A name that exists in the destination: add "-1", "-2" … to the whole photo's files, or skip the photo. */
export type ExportCollision = 'suffix' | 'skip';
/** The grid's filters (a PhotoQuery without paging or order): "export what I see". */
export type PhotoFilter = Omit<PhotoQuery, 'sort' | 'direction' | 'offset' | 'limit'>;

export type ExportRequest = {
  /** Exactly one of photoIds and filter. */
  photoIds?: number[];
  filter?: PhotoFilter;
  /** An existing folder, absolute, outside the photos' folders. */
  destination: string;
  mode: ExportMode;
  onCollision: ExportCollision;
  /** Say what would happen; write nothing. */
  dryRun?: boolean;
  /** Copy mode only: also write the marks into each exported JPEG's embedded XMP (Lightroom reads that, not sidecars). */
  embedXmpInJpegCopies?: boolean;
};

export type ExportedFile = { source: string; destination: string; kind: 'photo' | 'partner' | 'sidecar' };
/** `code` is one of the engine's error codes (file_vanished, disk_full, destination_read_only …). */
export type ExportFailure = { photoId: number | null; path: string; code: string; message: string };

export type ExportSummary = {
  /** What undo takes (moves only); null for a dry run or a copy. */
  exportId: number | null;
  mode: ExportMode;
  destination: string;
  dryRun: boolean;
  /** Photos (with their partners and sidecars) copied or moved. */
  exported: number;
  /** Photos skipped because a name existed and the choice was to skip. */
  skipped: number;
  failed: number;
  bytes: number;
  files: ExportedFile[];
  failures: ExportFailure[];
};

export type UndoExportSummary = { exportId: number; restored: number; failures: ExportFailure[] };

export type SidecarWriteSummary = { written: number; unchanged: number; adopted: number; failures: ExportFailure[] };

/** Pushed from the backend; the renderer refreshes what an event names. */
export type AppEvent =
  | { type: 'photos-changed'; photoIds: number[] }
  | { type: 'photos-removed'; photoIds: number[] }
  | { type: 'import-progress'; status: ImportStatus }
  | { type: 'folders-changed' }
  | { type: 'api-server'; status: ApiServerStatus }
  | { type: 'groups-changed' }
  | { type: 'export-progress'; done: number; total: number; current: string | null };

/** One trained version of the personal model (learning from feedback), adopted or not, and why. */
export type LearningVersionView = {
  version: number;
  state: 'adopted' | 'rejected' | 'rolled_back' | 'reset';
  /** The one version whose verdicts the library shows now. */
  active: boolean;
  reason: string;
  decisions: number;
  golden: number;
  goldenAuc: number | null;
  goldenAgreement: number | null;
  /** What it was compared with: a version, or null for the built-in gate. */
  baselineVersion: number | null;
  baselineAuc: number | null;
  /** The bootstrap's 95 % lower bound of its AUC improvement. */
  lowerBound: number | null;
  sources: Array<{ source: string; images: number; weight: number; trust: number; reason: string }>;
  trainMs: number | null;
  createdAt: string;
  adoptedAt: string | null;
  endedAt: string | null;
};

export type LearningStatus = {
  /** null: the built-in gate decides (no version adopted, or after a reset). */
  activeVersion: number | null;
  /** Photos (distinct images) with a decision from any source. */
  decisions: number;
  goldenDecisions: number;
  /** The active version's agreement and AUC on the golden set, as last judged (its adoption, or a later run's comparison). */
  goldenAgreement: number | null;
  goldenAuc: number | null;
  training: boolean;
  lastTraining: { at: string; outcome: string } | null;
  history: LearningVersionView[];
  /** The pairwise ranker of frames within bursts: which one is in use (null: the built-in choice), and every one trained. */
  ranker?: { activeVersion: number | null; history: LearningRankerView[] };
};

/** One trained pairwise ranker (keeps over rejects within bursts), adopted or not, and why. */
export type LearningRankerView = {
  version: number;
  state: 'adopted' | 'rejected' | 'rolled_back' | 'reset';
  reason: string;
  trainPairs: number;
  goldenPairs: number;
  /** Pairwise accuracy within held-out bursts, and what it was compared with. */
  accuracy: number;
  baselineAccuracy: number;
  lowerBound: number;
  createdAt: string;
  endedAt: string | null;
};

export type LearningTrainResult = {
  /** What happened, in one sentence: adopted, rejected (why), rolled back (why) or skipped (why). */
  outcome: string;
  /** The version this run made, if it trained one. */
  version: number | null;
  adopted: boolean;
  rolledBack: number | null;
  status: LearningStatus;
};
