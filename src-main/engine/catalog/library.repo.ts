import type { ColorLabel, CullMark, FacetCount, PhotoFacets, PhotoPage, PhotoQuery, PhotoSummary } from '../../../src-preload/contract/library-types.js';
import type { ContentLevel, RatingClass } from '../../../src-preload/contract/rating-result.js';
import type { SqliteDatabase } from './catalog-database.js';
import { ACTIVE_VERSION_SQL } from './personal-scores.repo.js';
import { applyImportedRating, filesOfPhoto, linkRawJpegPair, type ImportedRatingRow } from './pairs.repo.js';

export type LibraryFolderRecord = { id: number; path: string; addedAt: string; photoCount: number };

export type QueueEntry = { path: string; folderId: number; generation: number };

/** What the catalog knows of a file in a watched folder, to tell whether it must be rated again. */
export type KnownFile = { id: number; fileSize: number; mtimeMs: number; status: 'rated' | 'failed' | 'missing'; hasCurrentAnalysis: boolean };

/** A photo row as it was when it was removed: enough to give its marks to the same bytes under a new path. */
export type RemovedPhoto = { id: number; path: string; imageHash: string | null; mark: CullMark | null; stars: number; label: ColorLabel | null };

export type PhotoFile = { id: number; path: string; imageHash: string | null; status: 'rated' | 'failed' | 'missing' };

type SummaryRow = {
  id: number;
  path: string;
  name: string;
  folder_id: number | null;
  status: 'rated' | 'failed' | 'missing';
  image_hash: string | null;
  mark: CullMark | null;
  stars: number;
  label: ColorLabel | null;
  error_code: string | null;
  error_message: string | null;
  width: number | null;
  height: number | null;
  captured_at: string | null;
  score: number | null;
  rating: RatingClass | null;
  content_level: ContentLevel | null;
  needs_review: number | null;
  face_count: number | null;
  sharpness: number | null;
  review_reason: string | null;
  tags: string | null;
  issues: string | null;
  thumbs: 1 | -1 | null;
  reviewed: number;
  captured_at_precise: string | null;
  raw_format: string | null;
  camera: string | null;
  lens: string | null;
  pair_files: string | null;
  xmp_label: string | null;
  xmp_keywords: string | null;
  personal_version: number | null;
  personal_verdict: 'keep' | 'review' | 'reject' | null;
};

// Unit separator: cannot occur in a tag or issue code, so group_concat lists split back safely.
const LIST_SEPARATOR = '\u001f';

/**
 * Photos the library shows: those in a library folder (the CLI's ad-hoc files stay out of the grid),
 * one tile per RAW+JPEG pair (the pair's second file has `pair_of` set).
 */
const IN_LIBRARY = `p.folder_id IS NOT NULL AND p.status != 'missing' AND p.pair_of IS NULL`;

/** The analysis under the current key; named index: see migration 2 (the grid's columns, covered). */
const JOIN_ANALYSES = 'LEFT JOIN analyses a INDEXED BY analyses_grid_columns ON a.image_hash = p.image_hash AND a.analysis_key = @key';

/**
 * The personal model's stored view of the photo under the version in use (migration 0012): none
 * adopted joins nothing, so every column below falls back to the built-in analysis at once.
 */
const JOIN_PERSONAL = `LEFT JOIN personal_scores ps ON ps.version = ${ACTIVE_VERSION_SQL} AND ps.analysis_key = @key AND ps.image_hash = p.image_hash`;

/** What the grid shows, sorts and filters by: the personal model's values where it scored the photo. */
const SCORE = 'COALESCE(ps.score, a.score)';
const RATING = 'CASE WHEN ps.image_hash IS NULL THEN a.rating ELSE ps.rating END';
const NEEDS_REVIEW = 'COALESCE(ps.needs_review, a.needs_review)';

const FROM_PHOTOS = `
  FROM photos p
  LEFT JOIN images i ON i.image_hash = p.image_hash
  ${JOIN_ANALYSES}
  ${JOIN_PERSONAL}`;

const REVIEWED = `EXISTS (SELECT 1 FROM feedback f WHERE f.image_hash = p.image_hash AND f.source = 'review')`;

const SUMMARY_COLUMNS = `
  p.id, p.path, p.name, p.folder_id, p.status, p.image_hash, p.mark, p.stars, p.label, p.error_code, p.error_message,
  i.width, i.height, i.captured_at,
  ${SCORE} AS score, ${RATING} AS rating, a.content_level, ${NEEDS_REVIEW} AS needs_review, a.face_count, a.sharpness,
  -- parsing the result JSON is the dearest column; only photos that need review have a reason
  CASE WHEN ps.image_hash IS NOT NULL THEN ps.review_reason WHEN a.needs_review = 1 THEN json_extract(a.result, '$.review_reason') END AS review_reason,
  ps.version AS personal_version, ps.verdict AS personal_verdict,
  (SELECT group_concat(t.tag, char(31) ORDER BY t.confidence DESC, t.tag) FROM analysis_tags t
     WHERE t.image_hash = p.image_hash AND t.analysis_key = @key) AS tags,
  (SELECT group_concat(s.issue, char(31) ORDER BY s.issue) FROM analysis_issues s
     WHERE s.image_hash = p.image_hash AND s.analysis_key = @key) AS issues,
  (SELECT f.thumbs FROM feedback f WHERE f.image_hash = p.image_hash AND f.source = 'review' AND f.thumbs IS NOT NULL
     ORDER BY f.id DESC LIMIT 1) AS thumbs,
  ${REVIEWED} AS reviewed,
  i.captured_at_precise, i.raw_format, i.camera, i.lens,
  (SELECT group_concat(q.name, char(31)) FROM photos q WHERE q.pair_of = p.id AND q.status != 'missing') AS pair_files,
  p.xmp_label, p.xmp_keywords`;

const SORT_KEYS: Record<PhotoQuery['sort'], string> = {
  score: SCORE,
  // Sub-seconds order a burst as it was shot; rows saved before they were kept fall back to seconds.
  captured: 'COALESCE(i.captured_at_precise, i.captured_at)',
  name: 'p.name COLLATE NOCASE',
  sharpness: 'a.sharpness',
  faces: 'a.face_count',
};

/**
 * The desktop library's SQL: folders, the persisted import queue, the grid's pages and facets,
 * culling marks and settings. Shares the catalog's connection; every value is bound. Photo rows
 * are joined to the analysis under the engine's current analysis key only, so a photo last rated
 * by older analyzers shows no score until it is rated again.
 */
export class LibraryRepo {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly analysisKey: string,
  ) {}

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  // ---- folders ----

  folders(): LibraryFolderRecord[] {
    return this.db
      .prepare<[], { id: number; path: string; added_at: string; photo_count: number }>(
        `SELECT f.id, f.path, f.added_at, (SELECT COUNT(*) FROM photos p WHERE p.folder_id = f.id AND p.status != 'missing') AS photo_count
         FROM folders f ORDER BY f.path`,
      )
      .all()
      .map((row) => ({ id: row.id, path: row.path, addedAt: row.added_at, photoCount: row.photo_count }));
  }

  folder(id: number): LibraryFolderRecord | null {
    return this.folders().find((folder) => folder.id === id) ?? null;
  }

  /** Adds a folder, or returns the one already there with that path. */
  addFolder(path: string): LibraryFolderRecord {
    this.db.prepare('INSERT INTO folders (path, recursive, added_at) VALUES (?, 1, ?) ON CONFLICT (path) DO NOTHING').run(path, new Date().toISOString());
    return this.folders().find((folder) => folder.path === path)!;
  }

  /** Forgets a folder, its photo rows and its queued files; images, analyses and feedback stay (re-adding is a cache hit). */
  removeFolder(id: number): RemovedPhoto[] {
    return this.transaction(() => {
      const removed = this.removedPhotos('p.folder_id = ?', [id]);
      this.db.prepare('DELETE FROM photos WHERE folder_id = ?').run(id);
      this.db.prepare('DELETE FROM import_queue WHERE folder_id = ?').run(id);
      this.db.prepare('DELETE FROM folders WHERE id = ?').run(id);
      return removed;
    });
  }

  // ---- the import queue ----

  /**
   * Queues files; returns how many were newly queued. With `changed`, an entry already queued gets a
   * new generation (its file changed again, perhaps while being rated); a rescan leaves it as it is.
   */
  enqueue(entries: Array<{ path: string; folderId: number }>, changed: boolean): number {
    const statement = this.db.prepare(
      `INSERT INTO import_queue (path, folder_id, enqueued_at) VALUES (?, ?, ?)
       ON CONFLICT (path) DO ${changed ? 'UPDATE SET generation = generation + 1, folder_id = excluded.folder_id' : 'NOTHING'}`,
    );
    const exists = this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM import_queue WHERE path = ?');
    return this.transaction(() => {
      let added = 0;
      const time = new Date().toISOString();
      for (const entry of entries) {
        if (!exists.get(entry.path)) added++;
        statement.run(entry.path, entry.folderId, time);
      }
      return added;
    });
  }

  queuedCount(): number {
    return this.db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM import_queue').get()!.count;
  }

  /** The oldest queued entries, skipping paths being rated now. */
  nextQueued(limit: number, skip: ReadonlySet<string>): QueueEntry[] {
    const rows = this.db
      .prepare<[number], { path: string; folder_id: number; generation: number }>(
        'SELECT path, folder_id, generation FROM import_queue ORDER BY enqueued_at, path LIMIT ?',
      )
      .all(limit + skip.size);
    return rows
      .filter((row) => !skip.has(row.path))
      .slice(0, limit)
      .map((row) => ({ path: row.path, folderId: row.folder_id, generation: row.generation }));
  }

  /** Takes an entry off the queue unless the file changed again (a newer generation) meanwhile. */
  finishQueued(entry: QueueEntry): void {
    this.db.prepare('DELETE FROM import_queue WHERE path = ? AND generation = ?').run(entry.path, entry.generation);
  }

  dequeue(path: string): void {
    this.db.prepare('DELETE FROM import_queue WHERE path = ?').run(path);
  }

  /** Queued paths at or under `prefix` (a folder path ending in a separator, or a file path). */
  dequeueUnder(folderPath: string, separator: string): void {
    this.db.prepare('DELETE FROM import_queue WHERE path = ? OR substr(path, 1, ?) = ?').run(folderPath, folderPath.length + 1, folderPath + separator);
  }

  // ---- photo rows ----

  /** Every photo row of a folder by path, with whether its analysis is under the current key. */
  knownFiles(folderId: number): Map<string, KnownFile> {
    const rows = this.db
      .prepare<[string, number], { id: number; path: string; file_size: number; mtime_ms: number; status: KnownFile['status']; current: number }>(
        `SELECT p.id, p.path, p.file_size, p.mtime_ms, p.status,
           EXISTS (SELECT 1 FROM analyses a WHERE a.image_hash = p.image_hash AND a.analysis_key = ?) AS current
         FROM photos p WHERE p.folder_id = ?`,
      )
      .all(this.analysisKey, folderId);
    return new Map(rows.map((row) => [row.path, { id: row.id, fileSize: row.file_size, mtimeMs: row.mtime_ms, status: row.status, hasCurrentAnalysis: row.current === 1 }]));
  }

  photoFile(id: number): PhotoFile | null {
    const row = this.db
      .prepare<[number], { id: number; path: string; image_hash: string | null; status: PhotoFile['status'] }>('SELECT id, path, image_hash, status FROM photos WHERE id = ?')
      .get(id);
    return row ? { id: row.id, path: row.path, imageHash: row.image_hash, status: row.status } : null;
  }

  photoFileByPath(path: string): PhotoFile | null {
    const row = this.db
      .prepare<[string], { id: number; path: string; image_hash: string | null; status: PhotoFile['status'] }>('SELECT id, path, image_hash, status FROM photos WHERE path = ?')
      .get(path);
    return row ? { id: row.id, path: row.path, imageHash: row.image_hash, status: row.status } : null;
  }

  /** Every photo row holding these bytes, newest first (to find a readable copy of an image). */
  photoFilesByHash(imageHash: string): PhotoFile[] {
    return this.db
      .prepare<[string], { id: number; path: string; image_hash: string | null; status: PhotoFile['status'] }>(
        'SELECT id, path, image_hash, status FROM photos WHERE image_hash = ? ORDER BY updated_at DESC, id DESC',
      )
      .all(imageHash)
      .map((row) => ({ id: row.id, path: row.path, imageHash: row.image_hash, status: row.status }));
  }

  /** Whether any photo row or analysis knows these bytes (what the media cache may serve). */
  knowsImage(imageHash: string): boolean {
    return Boolean(this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM images WHERE image_hash = ?').get(imageHash));
  }

  /** Files the engine rated (or failed on) belong to the folder they were queued from. */
  assignFolder(path: string, folderId: number): number | null {
    // A folder removed while its file was being rated leaves the row outside the library.
    this.db.prepare('UPDATE photos SET folder_id = ? WHERE path = ? AND EXISTS (SELECT 1 FROM folders WHERE id = ?)').run(folderId, path, folderId);
    return this.photoFileByPath(path)?.id ?? null;
  }

  /** Gives marks to a photo that has none of its own (a moved file keeps what the user set). */
  inheritMarks(photoId: number, from: { mark: CullMark | null; stars: number; label?: ColorLabel | null }): boolean {
    return (
      this.db
        .prepare('UPDATE photos SET mark = ?, stars = ?, label = ? WHERE id = ? AND mark IS NULL AND stars = 0 AND label IS NULL')
        .run(from.mark, from.stars, from.label ?? null, photoId).changes > 0
    );
  }

  /** Removes the rows of these paths (files deleted on disk); returns what they were. */
  removePhotosByPath(paths: string[]): RemovedPhoto[] {
    if (paths.length === 0) return [];
    return this.transaction(() => {
      const removed: RemovedPhoto[] = [];
      for (const path of paths) {
        const rows = this.removedPhotos('p.path = ?', [path]);
        if (rows.length) this.db.prepare('DELETE FROM photos WHERE path = ?').run(path);
        removed.push(...rows);
      }
      return removed;
    });
  }

  /** Removes the rows under a deleted sub-folder. */
  removePhotosUnder(folderPath: string, separator: string): RemovedPhoto[] {
    const where = 'substr(p.path, 1, ?) = ?';
    const params = [folderPath.length + 1, folderPath + separator];
    return this.transaction(() => {
      const removed = this.removedPhotos(where, params);
      this.db.prepare(`DELETE FROM photos AS p WHERE ${where}`).run(...params);
      return removed;
    });
  }

  private removedPhotos(where: string, params: unknown[]): RemovedPhoto[] {
    return this.db
      .prepare<unknown[], { id: number; path: string; image_hash: string | null; mark: CullMark | null; stars: number; label: ColorLabel | null }>(
        `SELECT p.id, p.path, p.image_hash, p.mark, p.stars, p.label FROM photos p WHERE ${where}`,
      )
      .all(...params)
      .map((row) => ({ id: row.id, path: row.path, imageHash: row.image_hash, mark: row.mark, stars: row.stars, label: row.label }));
  }

  // ---- RAW+JPEG pairs and imported XMP ratings (pairs.repo.ts) ----

  /** Joins a photo to its RAW+JPEG partner in the same folder; returns the ids whose tiles changed. */
  linkPair(photoId: number): number[] {
    return this.transaction(() => linkRawJpegPair(this.db, photoId));
  }

  /**
   * Carries over a rating made in another app (read from XMP at import): stars, reject, label and
   * keywords, once per photo row, and only where the user has not marked the photo in Culler.
   */
  applyImportedRating(photoId: number, imported: ImportedRatingRow): boolean {
    return applyImportedRating(this.db, photoId, imported);
  }

  /**
   * Every file of a photo: its own path, then its partners' (the JPEG of a RAW+JPEG pair). Exports
   * and sidecars write for each, so a pair stays one photo wherever it goes.
   */
  filesOfPhoto(photoId: number): string[] {
    return filesOfPhoto(this.db, photoId);
  }

  /** Sets marks and/or stars; returns false (and changes nothing) when any id is unknown. */
  setCull(photoIds: number[], change: { mark?: CullMark | null; stars?: number; label?: ColorLabel | null }): boolean {
    return this.transaction(() => {
      const exists = this.db.prepare<[number], { one: number }>('SELECT 1 AS one FROM photos WHERE id = ?');
      if (!photoIds.every((id) => exists.get(id))) return false;
      // A RAW+JPEG pair is one photo: its second file follows (`pair_of`).
      const setMark = this.db.prepare('UPDATE photos SET mark = @value WHERE id = @id OR pair_of = @id');
      const setStars = this.db.prepare('UPDATE photos SET stars = @value WHERE id = @id OR pair_of = @id');
      const setLabel = this.db.prepare('UPDATE photos SET label = @value WHERE id = @id OR pair_of = @id');
      for (const id of photoIds) {
        if (change.mark !== undefined) setMark.run({ value: change.mark, id });
        if (change.stars !== undefined) setStars.run({ value: change.stars, id });
        if (change.label !== undefined) setLabel.run({ value: change.label, id });
      }
      return true;
    });
  }

  // ---- the grid ----

  summaries(photoIds: number[]): PhotoSummary[] {
    if (photoIds.length === 0) return [];
    const rows = this.db
      .prepare<{ key: string; ids: string }, SummaryRow>(`SELECT ${SUMMARY_COLUMNS} ${FROM_PHOTOS} WHERE p.id IN (SELECT value FROM json_each(@ids))`)
      .all({ key: this.analysisKey, ids: JSON.stringify(photoIds) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return photoIds.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toSummary(row)] : [];
    });
  }

  /** Every rated photo's id (a change of personal model version touches them all). */
  ratedPhotoIds(): number[] {
    return this.db
      .prepare<[], { id: number }>(`SELECT p.id FROM photos p WHERE ${IN_LIBRARY} AND p.image_hash IS NOT NULL`)
      .all()
      .map((row) => row.id);
  }

  /**
   * One page of the grid. Two steps: the ids of the page in order (sorting narrow rows), then the
   * summaries of those ids only, so tags, feedback and the result's JSON are read for the page
   * instead of for every photo that matched.
   */
  listPhotos(query: PhotoQuery): PhotoPage {
    const { where, params } = photoFilters(query);
    const bound = { ...params, key: this.analysisKey };
    // Counting joins the analyses only when a filter reads them (20× faster unfiltered at 10k).
    const countFrom = where.includes('a.') ? `FROM photos p ${JOIN_ANALYSES} ${JOIN_PERSONAL}` : 'FROM photos p';
    const total = this.db.prepare<Record<string, unknown>, { count: number }>(`SELECT COUNT(*) AS count ${countFrom} WHERE ${where}`).get(bound)!.count;
    const key = SORT_KEYS[query.sort];
    const direction = query.direction === 'asc' ? 'ASC' : 'DESC';
    // Unscored photos (failed, or awaiting a re-rate) go last either way; name then id keep pages stable.
    const order = `(a.score IS NULL), (${key.replace(' COLLATE NOCASE', '')} IS NULL), ${key} ${direction}, p.name COLLATE NOCASE, p.id`;
    const sql = query.collapseStacks && query.expandedGroups?.length
      ? openStacksTogether(where, order)
      : `SELECT p.id ${FROM_PHOTOS} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
    const ids = this.db
      .prepare<Record<string, unknown>, { id: number }>(sql)
      .all({ ...bound, limit: query.limit, offset: query.offset })
      .map((row) => row.id);
    return { total, offset: query.offset, items: this.summaries(ids) };
  }

  facets(): PhotoFacets {
    const key = { key: this.analysisKey };
    const counts = this.db
      .prepare<{ key: string }, { total: number; failed: number; needs_review: number; review_pending: number }>(
        `SELECT COUNT(*) AS total,
           COALESCE(SUM(p.status = 'failed'), 0) AS failed,
           COALESCE(SUM(${NEEDS_REVIEW} = 1), 0) AS needs_review,
           COALESCE(SUM(${NEEDS_REVIEW} = 1 AND NOT ${REVIEWED}), 0) AS review_pending
         ${FROM_PHOTOS} WHERE ${IN_LIBRARY}`,
      )
      .get(key)!;
    const grouped = (column: string): FacetCount[] =>
      this.db
        .prepare<{ key: string }, FacetCount>(
          `SELECT ${column} AS value, COUNT(*) AS count ${FROM_PHOTOS} WHERE ${IN_LIBRARY} AND ${column} IS NOT NULL
           GROUP BY ${column} ORDER BY count DESC, value`,
        )
        .all(key);
    const listed = (table: 'analysis_tags' | 'analysis_issues', column: 'tag' | 'issue'): FacetCount[] =>
      this.db
        .prepare<{ key: string }, FacetCount>(
          `SELECT x.${column} AS value, COUNT(*) AS count FROM photos p
           JOIN ${table} x ON x.image_hash = p.image_hash AND x.analysis_key = @key
           WHERE ${IN_LIBRARY} GROUP BY x.${column} ORDER BY count DESC, value`,
        )
        .all(key);
    return {
      total: counts.total,
      failed: counts.failed,
      needsReview: counts.needs_review,
      reviewPending: counts.review_pending,
      ratings: grouped(RATING),
      contentLevels: grouped('a.content_level'),
      tags: listed('analysis_tags', 'tag'),
      issues: listed('analysis_issues', 'issue'),
      labels: grouped('p.label'),
    };
  }

  /**
   * Facet counts that follow the other filters, as a faceted search shows them: each group counts
   * the photos matching every active filter but its own (so "High 12" still says how many High
   * photos there are among the reviewed ones, whichever ratings are ticked). `total` and the review
   * counts apply every filter.
   */
  facetsFor(filters: Omit<PhotoQuery, 'sort' | 'direction' | 'offset' | 'limit'>): PhotoFacets {
    const filtered = (omit: 'ratings' | 'contentLevels' | 'tags' | 'issues' | 'labels' | null) => {
      const query: PhotoQuery = { ...filters, sort: 'score', direction: 'desc', offset: 0, limit: 1 };
      if (omit) delete query[omit];
      const { where, params } = photoFilters(query);
      return { where, bound: { ...params, key: this.analysisKey } };
    };
    const all = filtered(null);
    const counts = this.db
      .prepare<Record<string, unknown>, { total: number; failed: number; needs_review: number; review_pending: number }>(
        `SELECT COUNT(*) AS total,
           COALESCE(SUM(p.status = 'failed'), 0) AS failed,
           COALESCE(SUM(${NEEDS_REVIEW} = 1), 0) AS needs_review,
           COALESCE(SUM(${NEEDS_REVIEW} = 1 AND NOT ${REVIEWED}), 0) AS review_pending
         ${FROM_PHOTOS} WHERE ${all.where}`,
      )
      .get(all.bound)!;
    const grouped = (column: string, omit: 'ratings' | 'contentLevels' | 'labels'): FacetCount[] => {
      const { where, bound } = filtered(omit);
      return this.db
        .prepare<Record<string, unknown>, FacetCount>(
          `SELECT ${column} AS value, COUNT(*) AS count ${FROM_PHOTOS} WHERE ${where} AND ${column} IS NOT NULL
           GROUP BY ${column} ORDER BY count DESC, value`,
        )
        .all(bound);
    };
    const listed = (table: 'analysis_tags' | 'analysis_issues', column: 'tag' | 'issue', omit: 'tags' | 'issues'): FacetCount[] => {
      const { where, bound } = filtered(omit);
      return this.db
        .prepare<Record<string, unknown>, FacetCount>(
          `SELECT x.${column} AS value, COUNT(*) AS count ${FROM_PHOTOS}
           JOIN ${table} x ON x.image_hash = p.image_hash AND x.analysis_key = @key
           WHERE ${where} GROUP BY x.${column} ORDER BY count DESC, value`,
        )
        .all(bound);
    };
    return {
      total: counts.total,
      failed: counts.failed,
      needsReview: counts.needs_review,
      reviewPending: counts.review_pending,
      ratings: grouped(RATING, 'ratings'),
      contentLevels: grouped('a.content_level', 'contentLevels'),
      tags: listed('analysis_tags', 'tag', 'tags'),
      issues: listed('analysis_issues', 'issue', 'issues'),
      labels: grouped('p.label', 'labels'),
    };
  }

  // ---- settings ----

  setting(key: string): unknown {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  setSetting(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }
}

/**
 * The grid's page when stacks are collapsed but some are open: an open stack's frames stand
 * together, best (lowest rank) first, where its best listed frame sorts; everything else keeps
 * its place in `order`. Without this the frames of an open burst were scattered between other
 * photos by their own scores. Positions come from one window over the filtered photos, so any
 * sort key works unchanged.
 */
function openStacksTogether(where: string, order: string): string {
  return `WITH listed AS (SELECT p.id AS id, ROW_NUMBER() OVER (ORDER BY ${order}) AS position ${FROM_PHOTOS} WHERE ${where}),
    open_frames AS (SELECT m.photo_id, m.group_id, m.rank FROM photo_group_members m
      WHERE m.group_id IN (SELECT value FROM json_each(@expandedGroups)) AND m.photo_id IN (SELECT id FROM listed)),
    anchored AS (SELECT f.photo_id, f.rank, (SELECT l.position FROM open_frames b JOIN listed l ON l.id = b.photo_id
      WHERE b.group_id = f.group_id ORDER BY b.rank, l.position LIMIT 1) AS anchor FROM open_frames f)
    SELECT l.id FROM listed l LEFT JOIN anchored x ON x.photo_id = l.id
    ORDER BY COALESCE(x.anchor, l.position), COALESCE(x.rank, 0), l.position
    LIMIT @limit OFFSET @offset`;
}

/** The WHERE clause of a photo query: named parameters only, lists expanded into numbered names. */
function photoFilters(query: PhotoQuery): { where: string; params: Record<string, unknown> } {
  const clauses = [IN_LIBRARY];
  const params: Record<string, unknown> = {};
  const list = (name: string, values: readonly unknown[]): string =>
    values
      .map((value, index) => {
        params[`${name}${index}`] = value;
        return `@${name}${index}`;
      })
      .join(', ');

  if (query.ratings?.length) clauses.push(`${RATING} IN (${list('rating', query.ratings)})`);
  if (query.contentLevels?.length) clauses.push(`a.content_level IN (${list('content', query.contentLevels)})`);
  for (const [index, tag] of (query.tags ?? []).entries()) {
    params[`tag${index}`] = tag;
    clauses.push(`EXISTS (SELECT 1 FROM analysis_tags t WHERE t.image_hash = p.image_hash AND t.analysis_key = @key AND t.tag = @tag${index})`);
  }
  if (query.issues?.length) {
    clauses.push(`EXISTS (SELECT 1 FROM analysis_issues s WHERE s.image_hash = p.image_hash AND s.analysis_key = @key AND s.issue IN (${list('issue', query.issues)}))`);
  }
  if (query.needsReview !== undefined) clauses.push(query.needsReview ? `${NEEDS_REVIEW} = 1` : `COALESCE(${NEEDS_REVIEW}, 0) = 0`);
  // Only a rated photo (one with an image hash) can be reviewed, so "pending" leaves failed ones out.
  if (query.review === 'pending') clauses.push(`p.image_hash IS NOT NULL AND NOT ${REVIEWED}`);
  if (query.review === 'done') clauses.push(REVIEWED);
  if (query.marks?.length) {
    const marks = query.marks.filter((mark) => mark !== 'none');
    const either = [...(marks.length ? [`p.mark IN (${list('mark', marks)})`] : []), ...(query.marks.includes('none') ? ['p.mark IS NULL'] : [])];
    clauses.push(`(${either.join(' OR ')})`);
  }
  if (query.minStars !== undefined && query.minStars > 0) {
    params.minStars = query.minStars;
    clauses.push('p.stars >= @minStars');
  }
  if (query.labels?.length) {
    const labels = query.labels.filter((label) => label !== 'none');
    const either = [...(labels.length ? [`p.label IN (${list('label', labels)})`] : []), ...(query.labels.includes('none') ? ['p.label IS NULL'] : [])];
    clauses.push(`(${either.join(' OR ')})`);
  }
  if (query.folderId !== undefined) {
    params.folderId = query.folderId;
    clauses.push('p.folder_id = @folderId');
  }
  if (query.search?.trim()) {
    params.search = query.search.trim().toLowerCase();
    clauses.push('instr(lower(p.name), @search) > 0');
  }
  if (query.collapseStacks) {
    // A collapsed stack shows its best frame only (the lowest rank left: the best may have been removed).
    params.expandedGroups = JSON.stringify(query.expandedGroups ?? []);
    clauses.push(`NOT EXISTS (SELECT 1 FROM photo_group_members m WHERE m.photo_id = p.id
      AND m.group_id NOT IN (SELECT value FROM json_each(@expandedGroups))
      AND m.rank > (SELECT MIN(b.rank) FROM photo_group_members b WHERE b.group_id = m.group_id))`);
  }
  return { where: clauses.join(' AND '), params };
}

function splitList(value: string | null): string[] {
  return value ? value.split(LIST_SEPARATOR) : [];
}

function toSummary(row: SummaryRow): PhotoSummary {
  return {
    id: row.id,
    path: row.path,
    name: row.name,
    folderId: row.folder_id,
    status: row.status === 'failed' ? 'failed' : 'rated',
    imageHash: row.image_hash,
    width: row.width,
    height: row.height,
    score: row.score,
    rating: row.rating,
    contentLevel: row.content_level,
    issues: splitList(row.issues),
    needsReview: row.needs_review === 1,
    reviewReason: row.review_reason,
    faceCount: row.face_count,
    sharpness: row.sharpness,
    capturedAt: row.captured_at,
    tags: splitList(row.tags),
    mark: row.mark,
    stars: row.stars,
    label: row.label,
    thumbs: row.thumbs,
    reviewed: row.reviewed === 1,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    capturedAtPrecise: row.captured_at_precise ?? row.captured_at,
    rawFormat: row.raw_format,
    camera: row.camera,
    lens: row.lens,
    pairFiles: splitList(row.pair_files),
    xmpLabel: row.xmp_label,
    keywords: row.xmp_keywords ? (JSON.parse(row.xmp_keywords) as string[]) : [],
    personal: row.personal_version === null || row.personal_verdict === null ? null : { version: row.personal_version, verdict: row.personal_verdict },
  };
}
