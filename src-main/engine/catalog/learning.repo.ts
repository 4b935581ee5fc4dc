import Database from 'better-sqlite3';
import type { SqliteDatabase } from './catalog-database.js';

/**
 * The SQL of learning from feedback: the decisions and the results they were made on (read by
 * the learning worker over its own read-only connection), the golden-set split, and the versions
 * of the personal model (migration 0009).
 */
export type ModelState = 'adopted' | 'rejected' | 'rolled_back' | 'reset';

export type ModelRow = {
  id: number;
  state: ModelState;
  reason: string;
  fingerprint: string;
  decisions: number;
  golden: number;
  baseline: number | null;
  metrics: string;
  weights: string;
  golden_keys: string;
  created_at: string;
  adopted_at: string | null;
  ended_at: string | null;
};

export type FeedbackSignalRow = {
  id: number;
  image_hash: string;
  source: 'review' | 'api' | 'cli';
  client_id: string | null;
  thumbs: -1 | 1 | null;
  user_score: number | null;
  dimension_feedback: string | null;
};

export type RankerRow = {
  id: number;
  state: ModelState;
  reason: string;
  fingerprint: string;
  metrics: string;
  weights: string;
  created_at: string;
  ended_at: string | null;
};

export type MarkRow = { image_hash: string; mark: 'pick' | 'reject' | null; stars: number };

export type DecidedImageRow = { image_hash: string; perceptual_hash: string | null; captured_at: string | null; result: string };

const DECIDED_IMAGES = `SELECT image_hash FROM feedback UNION SELECT image_hash FROM photos WHERE image_hash IS NOT NULL AND (mark IS NOT NULL OR stars > 0)`;

/** A read-only connection to the catalog, for the learning worker thread (WAL: it never blocks the writer). */
export function openCatalogReader(file: string): SqliteDatabase {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  database.pragma('busy_timeout = 5000');
  return database;
}

export class LearningRepo {
  constructor(private readonly db: SqliteDatabase) {}

  feedbackSignals(): FeedbackSignalRow[] {
    return this.db
      .prepare<[], FeedbackSignalRow>('SELECT id, image_hash, source, client_id, thumbs, user_score, dimension_feedback FROM feedback ORDER BY id')
      .all();
  }

  marks(): MarkRow[] {
    return this.db
      .prepare<[], MarkRow>('SELECT image_hash, mark, stars FROM photos WHERE image_hash IS NOT NULL AND (mark IS NOT NULL OR stars > 0) ORDER BY id')
      .all();
  }

  /** Each decided image with its result: this analyzer set's analysis when there is one, else the newest. */
  decidedImages(analysisKey: string): DecidedImageRow[] {
    return this.db
      .prepare<{ key: string }, DecidedImageRow>(
        `SELECT i.image_hash, i.perceptual_hash, i.captured_at,
           (SELECT a.result FROM analyses a WHERE a.image_hash = i.image_hash
             ORDER BY (a.analysis_key = @key) DESC, a.created_at DESC LIMIT 1) AS result
         FROM images i WHERE i.image_hash IN (${DECIDED_IMAGES})`,
      )
      .all({ key: analysisKey })
      .filter((row) => row.result !== null);
  }

  /** How many images carry a decision of any source. */
  decidedCount(): number {
    return this.db.prepare<[], { count: number }>(`SELECT COUNT(*) AS count FROM (${DECIDED_IMAGES})`).get()!.count;
  }

  splitSides(): Array<{ image_hash: string; side: 'golden' | 'train' }> {
    return this.db.prepare<[], { image_hash: string; side: 'golden' | 'train' }>('SELECT image_hash, side FROM learning_split').all();
  }

  goldenCount(): number {
    return this.db.prepare<[], { count: number }>(`SELECT COUNT(*) AS count FROM learning_split WHERE side = 'golden'`).get()!.count;
  }

  models(): ModelRow[] {
    return this.db.prepare<[], ModelRow>('SELECT * FROM learning_models ORDER BY id DESC').all();
  }

  model(version: number): ModelRow | null {
    return this.db.prepare<[number], ModelRow>('SELECT * FROM learning_models WHERE id = ?').get(version) ?? null;
  }

  /** The version in use: the newest adopted one; none means the built-in gate. */
  activeModel(): ModelRow | null {
    return this.db.prepare<[], ModelRow>(`SELECT * FROM learning_models WHERE state = 'adopted' ORDER BY id DESC LIMIT 1`).get() ?? null;
  }

  activeVersion(): number | null {
    return this.db.prepare<[], { id: number }>(`SELECT id FROM learning_models WHERE state = 'adopted' ORDER BY id DESC LIMIT 1`).get()?.id ?? null;
  }

  fingerprints(): Array<{ version: number; fingerprint: string }> {
    return this.db.prepare<[], { version: number; fingerprint: string }>('SELECT id AS version, fingerprint FROM learning_models').all();
  }

  /** Stores sides of the split (an image once on a side stays there: a side already stored is kept). */
  saveSplit(split: ReadonlyArray<{ imageHash: string; side: 'golden' | 'train'; groupKey: string }>): void {
    const at = new Date().toISOString();
    const side = this.db.prepare('INSERT OR IGNORE INTO learning_split (image_hash, side, group_key, assigned_at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const entry of split) side.run(entry.imageHash, entry.side, entry.groupKey, at);
    })();
  }

  /** Stores one training run atomically: the new split sides, a rollback, and the new version. */
  saveRun(input: {
    split: Array<{ imageHash: string; side: 'golden' | 'train'; groupKey: string }>;
    rollback: { version: number; reason: string } | null;
    version: Omit<ModelRow, 'id' | 'ended_at'> | null;
  }): number | null {
    return this.db.transaction(() => {
      const at = new Date().toISOString();
      const side = this.db.prepare('INSERT OR IGNORE INTO learning_split (image_hash, side, group_key, assigned_at) VALUES (?, ?, ?, ?)');
      for (const entry of input.split) side.run(entry.imageHash, entry.side, entry.groupKey, at);
      if (input.rollback) this.endVersions([input.rollback.version], 'rolled_back', input.rollback.reason, at);
      if (!input.version) return null;
      const row = input.version;
      const info = this.db
        .prepare(
          `INSERT INTO learning_models (state, reason, fingerprint, decisions, golden, baseline, metrics, weights, golden_keys, created_at, adopted_at)
           VALUES (@state, @reason, @fingerprint, @decisions, @golden, @baseline, @metrics, @weights, @golden_keys, @created_at, @adopted_at)`,
        )
        .run(row);
      return Number(info.lastInsertRowid);
    })();
  }

  /** Ends adopted versions (a rollback or a reset), saying why. */
  endVersions(versions: number[], state: 'rolled_back' | 'reset', reason: string, at = new Date().toISOString()): void {
    const end = this.db.prepare(`UPDATE learning_models SET state = ?, reason = ?, ended_at = ? WHERE id = ? AND state = 'adopted'`);
    this.db.transaction(() => {
      for (const version of versions) end.run(state, reason, at, version);
    })();
  }

  /** Makes an earlier version the one in use again: every adopted version after it is rolled back. */
  rollbackTo(version: number, reasons: { later: string; restored: string }): void {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare(`UPDATE learning_models SET state = 'rolled_back', reason = ?, ended_at = ? WHERE id > ? AND state = 'adopted'`).run(reasons.later, at, version);
      this.db
        .prepare(`UPDATE learning_models SET state = 'adopted', reason = ?, adopted_at = ?, ended_at = NULL WHERE id = ?`)
        .run(reasons.restored, at, version);
    })();
  }

  // ---- the pairwise ranker within bursts (migration 0012) ----

  /** The library's bursts as image hashes (a photo's group from the grouping room's table). */
  burstGroups(): Array<{ key: string; members: string[] }> {
    const rows = this.db
      .prepare<[], { group_id: number; image_hash: string }>(
        `SELECT m.group_id, p.image_hash FROM photo_group_members m JOIN photos p ON p.id = m.photo_id
         WHERE p.image_hash IS NOT NULL ORDER BY m.group_id, m.frame`,
      )
      .all();
    const groups = new Map<number, string[]>();
    for (const row of rows) groups.set(row.group_id, [...(groups.get(row.group_id) ?? []), row.image_hash]);
    return [...groups].map(([id, members]) => ({ key: `g${id}`, members }));
  }

  rankers(): RankerRow[] {
    return this.db.prepare<[], RankerRow>('SELECT * FROM learning_rankers ORDER BY id DESC').all();
  }

  activeRanker(): RankerRow | null {
    return this.db.prepare<[], RankerRow>(`SELECT * FROM learning_rankers WHERE state = 'adopted' ORDER BY id DESC LIMIT 1`).get() ?? null;
  }

  /** Stores a ranker run; an adopted one replaces the ranker in use (kept as rolled back, with why). */
  saveRanker(row: Omit<RankerRow, 'id' | 'ended_at'>): number {
    return this.db.transaction(() => {
      if (row.state === 'adopted') {
        this.db
          .prepare(`UPDATE learning_rankers SET state = 'rolled_back', reason = ?, ended_at = ? WHERE state = 'adopted'`)
          .run(`replaced by a ranker that beat it on held-out bursts`, row.created_at);
      }
      const info = this.db
        .prepare(
          `INSERT INTO learning_rankers (state, reason, fingerprint, metrics, weights, created_at)
           VALUES (@state, @reason, @fingerprint, @metrics, @weights, @created_at)`,
        )
        .run(row);
      return Number(info.lastInsertRowid);
    })();
  }

  /** Ends the ranker in use (a reset). */
  endRankers(reason: string, at = new Date().toISOString()): void {
    this.db.prepare(`UPDATE learning_rankers SET state = 'reset', reason = ?, ended_at = ? WHERE state = 'adopted'`).run(reason, at);
  }

  /** Each photo's result under `analysisKey`, for ranking a burst's frames. */
  resultsOfPhotos(photoIds: readonly number[], analysisKey: string): Map<number, string> {
    const rows = this.db
      .prepare<{ ids: string; key: string }, { id: number; result: string }>(
        `SELECT p.id, a.result FROM photos p JOIN analyses a ON a.image_hash = p.image_hash AND a.analysis_key = @key
         WHERE p.id IN (SELECT value FROM json_each(@ids))`,
      )
      .all({ ids: JSON.stringify(photoIds), key: analysisKey });
    return new Map(rows.map((row) => [row.id, row.result]));
  }
}
