/**
 * Every limit and threshold the engine uses, in one place. Thresholds that change a result are
 * part of the analysis fingerprint (see rating/analyzers.ts), so editing one re-rates photos.
 */
export type DecodeLimits = {
  /** Files larger than this are refused before they are read. */
  maxFileBytes: number;
  /** Images with more pixels than this (after reading the header) are refused before decoding. */
  maxPixels: number;
  /** A single decode that takes longer than this is abandoned. */
  decodeTimeoutMs: number;
  /**
   * Camera RAW files larger than this are refused before they are read. RAW files are 20–100 MB
   * and only their embedded preview is decoded (the file itself is never held in memory).
   */
  maxRawFileBytes: number;
  /** Long side, in pixels, below which a RAW's embedded preview is a thumbnail, not the photo. */
  minRawPreviewLongSidePx: number;
};

export type QualityThresholds = {
  /** Shorter side, in pixels, below which a photo is `low_resolution`. */
  minShortSidePx: number;
  /** Megapixels below which a photo is `low_resolution`, whatever its shape. */
  minMegapixels: number;
  /** Fraction of pixels at or above the highlight clip level that makes a photo `overexposed`... */
  overexposedClippedFraction: number;
  /** ...together with unclipped pixels (midtones) whose mean luma (0–1) is above this. */
  overexposedMidtoneMean: number;
  /** Fraction of pixels at or below the shadow clip level that makes a photo `underexposed`... */
  underexposedClippedFraction: number;
  /** ...together with uncrushed pixels (midtones) whose mean luma (0–1) is below this. */
  underexposedMidtoneMean: number;
  /** Standard deviation of luminance (0–1) below which a photo is `low_contrast`. */
  lowContrastStdDev: number;
  /** Focus (see quality/focus.ts) below which a photo is `blurry`, whatever its exposure and noise. */
  blurryFocus: number;
  /** Direction balance below which a photo is `motion_blur`... */
  motionAnisotropy: number;
  /** ...together with focus in the weakest direction below this. */
  motionWeakestFocus: number;
  /** Focus of the main face at full resolution below which the photo is `soft_focus`. */
  softFaceFocus: number;
  /** Focus of the eyes at full resolution below which the photo is `eyes_not_sharp`. */
  softEyesFocus: number;
  /** Focus at the photo's own scale over focus at half of it, below which the photo is `soft_focus`... */
  lowDetailRatio: number;
  /** ...together with focus below this (a crisp frame is never called soft). */
  lowDetailFocus: number;
  /** Fraction of the main face clipped white above which the photo is `overexposed`. */
  faceClippedHighlights: number;
};

export type EngineConfig = {
  limits: DecodeLimits;
  quality: QualityThresholds;
  /**
   * Long side, in pixels, of the one working decode every analyzer is fed from. 1024 equals the
   * scale quality is measured at, so no analyzer resizes again; raise it when an analyzer needs
   * more detail (the decode cost barely changes up to half the camera's size: JPEG shrink-on-load).
   */
  workingLongSidePx: number;
  /** Long side, in pixels, of the thumbnails written to the cache. */
  thumbnailLongSidePx: number;
  /** How many images are rated at once. */
  concurrency: number;
};

export const MEBIBYTE = 1024 * 1024;

export const DEFAULT_LIMITS: DecodeLimits = {
  maxFileBytes: 25 * MEBIBYTE,
  // 150 MP admits today's largest camera files (102 MP medium format) and refuses bombs.
  maxPixels: 150_000_000,
  decodeTimeoutMs: 20_000,
  maxRawFileBytes: 200 * MEBIBYTE,
  minRawPreviewLongSidePx: 1000,
};

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  minShortSidePx: 480,
  minMegapixels: 0.3,
  overexposedClippedFraction: 0.2,
  overexposedMidtoneMean: 0.6,
  underexposedClippedFraction: 0.3,
  underexposedMidtoneMean: 0.2,
  lowContrastStdDev: 0.06,
  blurryFocus: 75,
  motionAnisotropy: 0.6,
  motionWeakestFocus: 80,
  softFaceFocus: 80,
  softEyesFocus: 90,
  faceClippedHighlights: 0.25,
  lowDetailRatio: 0.7,
  lowDetailFocus: 150,
};

export function defaultEngineConfig(): EngineConfig {
  return {
    limits: { ...DEFAULT_LIMITS },
    quality: { ...DEFAULT_QUALITY_THRESHOLDS },
    workingLongSidePx: 1024,
    thumbnailLongSidePx: 512,
    concurrency: 3,
  };
}
