/**
 * The rating result: the one shape every door (desktop UI, CLI, local HTTP API) returns for an
 * image. Field names and types of ../shared/RATING.md are fixed by the hosted services users
 * already integrate with; fields may be added, never renamed or dropped. JSON is snake_case.
 *
 * Honesty rule: a value the installed analyzers cannot produce is `null`, and `unavailable` says
 * why; `analyzers` says which analyzers (and model versions) produced the rest.
 *
 * Pure types and constants: imported by the engine, the preload and the renderer alike.
 */

export const DIMENSION_GROUPS = {
  face: ['facial_brightness', 'facial_clarity', 'facial_skin_tone', 'facial_structure', 'facial_contour', 'facial_aesthetic', 'skin_quality'],
  appearance: ['hair_styling', 'body_proportion', 'clothing_fit', 'overall_look'],
  photography: ['color_harmony', 'composition', 'lighting', 'background', 'expression_mood', 'overall_cohesion', 'professional_quality'],
} as const;

export type DimensionGroup = keyof typeof DIMENSION_GROUPS;
export type DimensionKey = (typeof DIMENSION_GROUPS)[DimensionGroup][number];
export const DIMENSION_KEYS: readonly DimensionKey[] = [
  ...DIMENSION_GROUPS.face,
  ...DIMENSION_GROUPS.appearance,
  ...DIMENSION_GROUPS.photography,
];

/** 0–10 per dimension; `null` where no installed analyzer can judge it. */
export type DimensionScores = Record<DimensionKey, number | null>;

export type RatingClass = 'Low' | 'Medium' | 'High';
export type ContentLevel = 'safe' | 'revealing' | 'suggestive' | 'nsfw';

export type Tag = { tag: string; confidence: number };

export type ContentRating = {
  level: ContentLevel | null;
  /** One human sentence. */
  detail: string;
  safe_for_portfolio: boolean | null;
  /** True when the two independent content classifiers disagree. */
  content_rating_conflict: boolean | null;
  /** The embedded classifier's class probabilities (drawing, hentai, neutral, porn, sexy). */
  scores?: Record<string, number> | null;
  /** Which measure decided the level, its value and the threshold. */
  reason?: { measure: string; value: number; threshold: number | null } | null;
  /** The AI pack's independent ViT classifier, behind `content_rating_conflict`. */
  second_opinion?: { normal: number; nsfw: number } | null;
};

export const QUALITY_ISSUES = [
  'low_resolution',
  'blurry',
  'overexposed',
  'underexposed',
  'low_contrast',
  'letterboxed',
  'no_face',
  'eyes_closed',
  'soft_focus',
  'eyes_not_sharp',
  'motion_blur',
] as const;
export type QualityIssue = (typeof QUALITY_ISSUES)[number];

/** One verdict's reason: which measure, its value, the threshold, and whether the issue was raised. */
export type QualityCheck = {
  issue: QualityIssue;
  measure: string;
  value: number;
  comparison: '<' | '>' | '<=' | '>=';
  threshold: number;
  raised: boolean;
};

export type Exposure = {
  /** Mean luma, 0–1. */
  mean_luminance: number;
  /** Standard deviation of luma, 0–1. */
  contrast: number;
  /** Fraction of pixels with luma ≥ 250/255. */
  clipped_highlights: number;
  /** Fraction of pixels with luma ≤ 5/255. */
  clipped_shadows: number;
  /** Mean luma, 0–1, of the pixels neither clipped nor crushed: how the picture itself is exposed. */
  midtone_mean: number;
  /** Fraction of pixels with almost no colour (max−min channel ≤ 12/255). */
  neutral_fraction: number;
  /** Hasler–Süsstrunk colourfulness of the picture over 255 (0 = grey; vivid photos 0.2–0.4). Absent in older results. */
  colourfulness?: number;
};

export type ContentBox = { left: number; top: number; width: number; height: number };

export type Borders = {
  letterboxed: boolean;
  /** Fraction of the frame covered by letterbox / pillarbox bars. */
  bar_fraction: number;
};

export type QualityResult = {
  /** Pixels, after EXIF orientation. */
  width: number;
  height: number;
  megapixels: number;
  /** 99th percentile of |Laplacian| of luma at 1024 px long side; higher = sharper. */
  sharpness: number;
  /** The median of the same response: how much fine detail a typical region carries. */
  sharpness_median: number;
  exposure: Exposure;
  borders: Borders;
  issues: QualityIssue[];
  is_acceptable: boolean;
  checks: QualityCheck[];
  /**
   * Focus read from the shape of the strongest edges (engine/quality/focus.ts): unchanged by
   * exposure, contrast and noise, unlike `sharpness`. Absent in results stored before it existed.
   */
  focus?: FocusMeasures;
  /** The main face measured on a full-resolution crop; null without a face (or without a detector). */
  subject?: SubjectMeasures | null;
  /**
   * The 36 natural-scene statistics of BRISQUE, then saturation mean and spread, luma entropy and
   * JPEG blockiness (engine/quality/natural-statistics.ts, names in NSS_FEATURE_NAMES) at 512 px:
   * what the whole-photo quality estimate reads besides focus and exposure. null for a frame
   * under 16 px; absent in results stored before they existed.
   */
  natural_statistics?: number[] | null;
};

export type FocusMeasures = {
  /** Edge sharpness 0–100+ at 1024 px long side, ≈ 100/(σ·√e) for a blur of σ px; blurry below 75. */
  focus: number;
  /** Weakest direction's focus over the strongest's, 0–1: low when motion smeared the picture one way. */
  motion_anisotropy: number;
  /** Estimated sensor/JPEG noise σ in 8-bit luma levels at 1024 px. */
  noise: number;
  /** Fraction of pixels that count as edges (0 for a flat frame). */
  edge_fraction: number;
  /**
   * Focus at the photo's own scale (≤ 1024 px) over focus at half that scale: ≈ 0.85–1.2 with real
   * detail, ≈ 0.6 for a picture enlarged 2× or more. Below 0.7 (with focus < 150) it is `soft_focus`.
   */
  detail_ratio?: number;
};

export type SubjectMeasures = {
  /** Which face (index into `faces`) was measured: the largest. */
  face_index: number;
  /** The face's long side in the file's own pixels, the scale it was measured at (at most 1024). */
  measured_px: number;
  /** Focus of the face crop at full resolution (same definition as `focus.focus`); null when the face has no edges. */
  face_focus: number | null;
  /** Focus of the eye regions at full resolution; null without eye keypoints. */
  eyes_focus: number | null;
  /** Mean luma of the face, 0–1. */
  face_brightness: number;
  /** Fraction of the face's pixels at or above the highlight clip level. */
  face_clipped_highlights: number;
};

/** Pixels of the upright image. */
export type FaceBox = { x: number; y: number; width: number; height: number };

export type FaceKeypoint = { name: string; x: number; y: number };

/** How open each eye is: the eyelid gap over the eye's width (≈0.25–0.35 open, < 0.12 closed). */
export type EyeOpenness = { left: number; right: number; closed: boolean };

export type DetectedFace = {
  box: FaceBox;
  /** Detector confidence, 0–1. */
  score: number;
  keypoints: FaceKeypoint[];
  /** `null` where the landmark model did not run on this face. */
  eyes: EyeOpenness | null;
};

export type AnalyzerLevel = 'embedded' | 'ai_pack';

export type AnalyzerInfo = {
  id: string;
  version: string;
  level: AnalyzerLevel;
  /** Model ids, versions and weight digests behind it, where models are. */
  model: string | null;
  /** Where its models ran (e.g. "cpu", "cuda"); not part of the cache key. */
  execution_provider?: string | null;
};

export type UnavailableField = { field: string; reason: string };

/** The reasons behind every verdict: which measure, its value, which threshold or formula. */
export type RatingWhy = {
  score: {
    level: AnalyzerLevel;
    formula: string;
    components: Array<{ dimension: DimensionKey | 'image_quality'; value: number; weight: number }>;
    penalties: Array<{ issue: QualityIssue; points: number }>;
    /** The embedded level's score inside an AI-pack blend, so that a profile can re-weigh it. */
    embedded_score?: number;
  } | null;
  rating: { high_from: number; medium_from: number } | null;
  dimensions: Partial<Record<DimensionKey, { level: AnalyzerLevel; formula: string; measures: Record<string, number> }>>;
  tags: Array<{ tag: string; because: string }>;
  rejected: string[];
  needs_review: string[];
  /** The gate's inputs, kept so that learning from feedback can refit its head. */
  portfolio: { features: Record<string, number>; weights: 'prior' | 'learned' } | null;
  is_original: string[];
  /** What the quality measures were taken on, where it is not the file's own pixels (a RAW's embedded preview). */
  measured_on?: string;
  /** The personal model's part, applied when the result is served; absent while the built-in gate decides. */
  personal?: PersonalWhy | null;
  /** The shoot profile that judged this result (what goes to review, how the score weighs); absent in results from before profiles (= portfolio). */
  profile?: ProfileWhy;
};

/** Shoot profiles: what a photographer wants judged. `portfolio` is the built-in (hosted-compatible) judgement. */
export const SHOOT_PROFILES = ['portfolio', 'wedding', 'landscape'] as const;
export type ShootProfile = (typeof SHOOT_PROFILES)[number];
export const DEFAULT_SHOOT_PROFILE: ShootProfile = 'portfolio';
/** Each profile's name and, in one line, what it changes (the settings and `culler rate --help` show these). */
export const SHOOT_PROFILE_INFO: Record<ShootProfile, { label: string; summary: string }> = {
  portfolio: { label: 'Portrait / fashion portfolio', summary: 'A photo without a face goes to review; closed eyes, a soft face or soft eyes too. The built-in weights.' },
  wedding: {
    label: 'Wedding / event',
    summary: 'No face is fine (details, the venue); closed eyes cost more and a group photo names how many faces blink; faces weigh more, the background less.',
  },
  landscape: { label: 'Landscape / other', summary: 'No face is fine; faces in the frame neither help nor hurt; the whole-photo quality weighs more.' },
};

/** Which profile judged a result, its rules in words, and the built-in (portfolio) values it replaced. */
export type ProfileWhy = {
  id: ShootProfile;
  label: string;
  /** What sends a photo to review under this profile, and how the score weighs. */
  rules: string[];
  /** Multipliers of the built-in weights of the score's components (1 where not listed). */
  weights: Partial<Record<DimensionKey | 'image_quality', number>>;
  /** The built-in judgement, present where this profile changed it (re-judging starts from it). */
  builtin?: { score: number | null; rating: RatingClass | null; portfolio_prob: number | null; needs_review: boolean | null; review_reason: string | null; reasons: string[]; penalties: Array<{ issue: QualityIssue; points: number }> };
};

/** What the user's personal model (learning from feedback) changed, and the built-in values it replaced. */
export type PersonalWhy = {
  /** The model version (`culler learn status`). */
  version: number;
  /** Its keep probability for this photo. */
  probability: number;
  verdict: 'keep' | 'review' | 'reject';
  /** score = (1 − weight) × built-in score + weight × 100 × probability. */
  blend: { weight: number; formula: string };
  /** The features that pulled most, signed (on the logit). */
  because: Array<{ feature: string; contribution: number }>;
  /** The values of the cached embedded result, untouched in the catalog. */
  builtin: { score: number | null; rating: RatingClass | null; portfolio_prob: number | null; needs_review: boolean | null; review_reason: string | null };
};

export type SourceInfo = {
  format: string;
  file_size: number;
  /** False where the decoder gave pixels only (HEIC before its EXIF was read): the fields below are then unknown. */
  metadata_read: boolean;
  has_exif: boolean;
  camera_make: string | null;
  camera_model: string | null;
  software: string | null;
  /** Wall-clock capture time as the camera wrote it, `YYYY-MM-DDTHH:MM:SS`, no time zone. */
  captured_at: string | null;
  /** EXIF orientation found in the file (1–8); already applied to width, height and pixels. */
  orientation: number;
  pages: number;
  /** Capture time with the camera's sub-seconds (`YYYY-MM-DDTHH:MM:SS.ss`); orders bursts. Absent in results rated before it existed. */
  captured_at_precise?: string | null;
  lens?: string | null;
  iso?: number | null;
  /** Shutter time in seconds (1/125 s = 0.008). */
  exposure_time_s?: number | null;
  /** f-number (aperture), e.g. 2.8. */
  aperture?: number | null;
  focal_length_mm?: number | null;
  /** Camera RAW files: what the file is and which embedded image was rated. Null for other formats. */
  raw?: RawSourceInfo | null;
};

export type RawSourceInfo = {
  /** cr2, cr3, crw, nef, arw, dng, gpr, raf, orf, rw2, pef, srw (recognised from the bytes). */
  format: string;
  /** The embedded image that was rated, as exiftool names it (`SubIFD:JpgFromRaw`, `QuickTime:PreviewImage`). */
  preview: string;
  /** The preview's stored size (before orientation); quality.width/height are its upright size. */
  preview_width: number;
  preview_height: number;
  /** The image size the camera reports for the RAW itself. */
  sensor_width: number | null;
  sensor_height: number | null;
};

export type RatingResult = {
  rating: RatingClass | null;
  score: number | null;
  tags: Tag[] | null;
  content_rating: ContentRating;
  quality: QualityResult;
  rejected: boolean | null;
  is_original: boolean | null;
  portfolio_prob: number | null;
  /** SHA-256 of the file's bytes, lowercase hex. */
  image_hash: string;
  needs_review: boolean | null;
  review_reason: string | null;
  face_count: number | null;
  face_confidence: number | null;
  dimension_scores: DimensionScores;

  /** Every face found, best first; `null` when no face detector ran. */
  faces: DetectedFace[] | null;
  /** Largest face's box area over the image area, 0–1; `null` without faces or detector. */
  face_area_ratio: number | null;
  /** 64-bit DCT perceptual hash, hex, for near-duplicate grouping. */
  perceptual_hash: string;
  source: SourceInfo;
  analyzers: AnalyzerInfo[];
  unavailable: UnavailableField[];
  why: RatingWhy;
  /** ISO 8601 time the analysis ran (a cached result keeps its original time). */
  rated_at: string;
  /** Signatures for grouping near-identical shots; absent in results rated before they existed. */
  similarity?: SimilaritySignature | null;
  /** The burst this photo belongs to, where the door grouped the photos it rated (a single frame is a group of one). */
  group?: ResultGroup | null;
};

export type SimilaritySignature = {
  /** Mean sRGB colour of each cell of a 4×4 grid, 48 bytes as hex ("rgb-grid-4x4"). */
  colour: string;
  algorithm: string;
  /** Content embeddings of the whole frame, by model; absent when no model gave one. */
  embeddings?: ContentEmbedding[];
};

/** A content embedding: one signed byte per dimension, base64 (grouping/content-embedding.ts). */
export type ContentEmbedding = { model: string; vector: string };

/** A burst: near-identical frames, their order from best, and why the best is best. */
export type ResultGroup = {
  id: number;
  size: number;
  /** 1 = the best frame of the group. */
  rank: number;
  /** Whether this frame is the group's pick. */
  best: boolean;
  /** One sentence, e.g. "Frame 2: sharpest eyes (…); frame 3 blinks." */
  reason: string;
};
