import type { AnalyzerInfo, DimensionKey, RatingResult } from '../../../src-preload/contract/rating-result.js';
import type { EngineErrorInfo } from '../errors.js';
import { openCatalogDatabase, type SqliteDatabase } from './catalog-database.js';
import { cameraLabel } from '../image/source-metadata.js';

export type PhotoRecord = {
  id: number;
  path: string;
  imageHash: string | null;
  fileSize: number;
  mtimeMs: number;
  status: 'rated' | 'failed' | 'missing';
  errorCode: string | null;
  errorMessage: string | null;
};

export type FileStamp = { path: string; fileSize: number; mtimeMs: number };

export type FolderRecord = { id: number; path: string; recursive: boolean; addedAt: string };

export type FeedbackSource = 'review' | 'api' | 'cli';

export type DimensionFeedback = Partial<Record<DimensionKey, number>>;

export type FeedbackInput = {
  imageHash: string;
  source: FeedbackSource;
  clientId?: string | null;
  thumbs?: -1 | 1 | null;
  /** On the score's 0–100 scale. */
  userScore?: number | null;
  dimensionFeedback?: DimensionFeedback | null;
};

export type FeedbackRecord = Required<FeedbackInput> & { id: number; createdAt: string };

type PhotoRow = {
  id: number;
  path: string;
  image_hash: string | null;
  file_size: number;
  mtime_ms: number;
  status: PhotoRecord['status'];
  error_code: string | null;
  error_message: string | null;
};

type FeedbackRow = {
  id: number;
  image_hash: string;
  source: FeedbackSource;
  client_id: string | null;
  thumbs: -1 | 1 | null;
  user_score: number | null;
  dimension_feedback: string | null;
  created_at: string;
};

const now = (): string => new Date().toISOString();

/** All SQL of the catalog lives here, every value bound as a parameter. */
export class Catalog {
  private constructor(private readonly db: SqliteDatabase) {}

  /** The open database, for the other repositories of this folder (library, API clients) to share one connection. */
  get database(): SqliteDatabase {
    return this.db;
  }

  static open(file: string): Catalog {
    return new Catalog(openCatalogDatabase(file));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  photoByPath(path: string): PhotoRecord | null {
    const row = this.db.prepare<[string], PhotoRow>('SELECT * FROM photos WHERE path = ?').get(path);
    return row ? toPhotoRecord(row) : null;
  }

  analysis(imageHash: string, analysisKey: string): RatingResult | null {
    const row = this.db
      .prepare<[string, string], { result: string }>('SELECT result FROM analyses WHERE image_hash = ? AND analysis_key = ?')
      .get(imageHash, analysisKey);
    return row ? (JSON.parse(row.result) as RatingResult) : null;
  }

  /** Stores an image, its analysis, and (when it came from a file) the photo's path, atomically. */
  saveRating(input: { result: RatingResult; analysisKey: string; thumbnailPath: string | null; file: FileStamp | null }): void {
    const { result, analysisKey, thumbnailPath, file } = input;
    const timestamp = now();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO images (image_hash, format, file_size, width, height, perceptual_hash, captured_at, thumbnail_path, first_seen_at,
                               captured_at_precise, raw_format, camera, lens)
           VALUES (@hash, @format, @size, @width, @height, @phash, @captured, @thumb, @time, @capturedPrecise, @rawFormat, @camera, @lens)
           ON CONFLICT (image_hash) DO UPDATE SET thumbnail_path = COALESCE(excluded.thumbnail_path, thumbnail_path),
             captured_at_precise = excluded.captured_at_precise, raw_format = excluded.raw_format,
             camera = excluded.camera, lens = excluded.lens`,
        )
        .run({
          hash: result.image_hash,
          format: result.source.format,
          size: result.source.file_size,
          width: result.quality.width,
          height: result.quality.height,
          phash: result.perceptual_hash,
          captured: result.source.captured_at,
          thumb: thumbnailPath,
          time: timestamp,
          capturedPrecise: result.source.captured_at_precise ?? result.source.captured_at,
          rawFormat: result.source.raw?.format ?? null,
          camera: cameraLabel(result.source.camera_make, result.source.camera_model),
          lens: result.source.lens ?? null,
        });
      this.db
        .prepare(
          `INSERT OR REPLACE INTO analyses
             (image_hash, analysis_key, analyzers, result, score, rating, needs_review, sharpness, face_count, content_level, created_at, profile)
           VALUES (@hash, @key, @analyzers, @result, @score, @rating, @review, @sharpness, @faces, @content, @time, @profile)`,
        )
        .run({
          hash: result.image_hash,
          key: analysisKey,
          analyzers: JSON.stringify(result.analyzers satisfies AnalyzerInfo[]),
          result: JSON.stringify(result),
          score: result.score,
          rating: result.rating,
          review: result.needs_review === null ? null : Number(result.needs_review),
          sharpness: result.quality.sharpness,
          faces: result.face_count,
          content: result.content_rating.level,
          time: timestamp,
          profile: result.why?.profile?.id ?? null,
        });
      if (file) this.upsertPhoto(file, { status: 'rated', imageHash: result.image_hash, error: null }, timestamp);
    })();
  }

  /** Points a path at already-analysed bytes (a cache hit under a new or changed path). */
  linkPhoto(file: FileStamp, imageHash: string): void {
    this.upsertPhoto(file, { status: 'rated', imageHash, error: null }, now());
  }

  recordFailure(file: FileStamp, error: EngineErrorInfo): void {
    this.upsertPhoto(file, { status: 'failed', imageHash: null, error }, now());
  }

  private upsertPhoto(
    file: FileStamp,
    state: { status: PhotoRecord['status']; imageHash: string | null; error: EngineErrorInfo | null },
    timestamp: string,
  ): void {
    this.db
      .prepare(
        `INSERT INTO photos (path, image_hash, file_size, mtime_ms, status, error_code, error_message, added_at, updated_at)
         VALUES (@path, @hash, @size, @mtime, @status, @code, @message, @time, @time)
         ON CONFLICT (path) DO UPDATE SET image_hash = excluded.image_hash, file_size = excluded.file_size,
           mtime_ms = excluded.mtime_ms, status = excluded.status, error_code = excluded.error_code,
           error_message = excluded.error_message, updated_at = excluded.updated_at`,
      )
      .run({
        path: file.path,
        hash: state.imageHash,
        size: file.fileSize,
        mtime: file.mtimeMs,
        status: state.status,
        code: state.error?.code ?? null,
        message: state.error?.message ?? null,
        time: timestamp,
      });
  }

  countPhotos(): number {
    return this.db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM photos').get()!.count;
  }

  addFolder(path: string, recursive: boolean): FolderRecord {
    this.db
      .prepare('INSERT INTO folders (path, recursive, added_at) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET recursive = excluded.recursive')
      .run(path, Number(recursive), now());
    return this.listFolders().find((folder) => folder.path === path)!;
  }

  removeFolder(path: string): boolean {
    return this.db.prepare('DELETE FROM folders WHERE path = ?').run(path).changes > 0;
  }

  listFolders(): FolderRecord[] {
    return this.db
      .prepare<[], { id: number; path: string; recursive: number; added_at: string }>('SELECT * FROM folders ORDER BY path')
      .all()
      .map((row) => ({ id: row.id, path: row.path, recursive: row.recursive === 1, addedAt: row.added_at }));
  }

  addFeedback(input: FeedbackInput): FeedbackRecord {
    const createdAt = now();
    const info = this.db
      .prepare(
        `INSERT INTO feedback (image_hash, source, client_id, thumbs, user_score, dimension_feedback, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.imageHash,
        input.source,
        input.clientId ?? null,
        input.thumbs ?? null,
        input.userScore ?? null,
        input.dimensionFeedback ? JSON.stringify(input.dimensionFeedback) : null,
        createdAt,
      );
    return this.feedbackFor(input.imageHash).find((entry) => entry.id === Number(info.lastInsertRowid))!;
  }

  feedbackFor(imageHash: string): FeedbackRecord[] {
    return this.db
      .prepare<[string], FeedbackRow>('SELECT * FROM feedback WHERE image_hash = ? ORDER BY id')
      .all(imageHash)
      .map((row) => ({
        id: row.id,
        imageHash: row.image_hash,
        source: row.source,
        clientId: row.client_id,
        thumbs: row.thumbs,
        userScore: row.user_score,
        dimensionFeedback: row.dimension_feedback ? (JSON.parse(row.dimension_feedback) as DimensionFeedback) : null,
        createdAt: row.created_at,
      }));
  }
}

function toPhotoRecord(row: PhotoRow): PhotoRecord {
  return {
    id: row.id,
    path: row.path,
    imageHash: row.image_hash,
    fileSize: row.file_size,
    mtimeMs: row.mtime_ms,
    status: row.status,
    errorCode: row.error_code,
    errorMessage: row.error_message,
  };
}

