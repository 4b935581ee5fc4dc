import type { SqliteDatabase } from './catalog-database.js';

/**
 * The SQL of the personal model's stored scores (migration 0012): which analysed images the
 * version in use has not scored yet (read by the learning worker), and the host's writes.
 */
export type PersonalScoreRow = {
  image_hash: string;
  score: number | null;
  rating: string | null;
  portfolio_prob: number;
  needs_review: 0 | 1;
  review_reason: string | null;
  verdict: 'keep' | 'review' | 'reject';
};

/** The version in use as SQL (none adopted: NULL, which joins nothing). Shared with the grid's join. */
export const ACTIVE_VERSION_SQL = `(SELECT m.id FROM learning_models m WHERE m.state = 'adopted' ORDER BY m.id DESC LIMIT 1)`;

export class PersonalScoresRepo {
  constructor(private readonly db: SqliteDatabase) {}

  /** Results under `analysisKey` that `version` has not scored, oldest hash first, at most `limit`. */
  unscored(version: number, analysisKey: string, limit: number, after = ''): Array<{ image_hash: string; result: string }> {
    return this.db
      .prepare<{ version: number; key: string; limit: number; after: string }, { image_hash: string; result: string }>(
        `SELECT a.image_hash, a.result FROM analyses a
         WHERE a.analysis_key = @key AND a.image_hash > @after
           AND NOT EXISTS (SELECT 1 FROM personal_scores s WHERE s.version = @version AND s.analysis_key = @key AND s.image_hash = a.image_hash)
         ORDER BY a.image_hash LIMIT @limit`,
      )
      .all({ version, key: analysisKey, limit, after });
  }

  /** Whether any result under `analysisKey` lacks `version`'s score (stops at the first: cheap on the host thread). */
  anyUnscored(version: number, analysisKey: string): boolean {
    return (
      this.db
        .prepare<{ version: number; key: string }, { found: number }>(
          `SELECT 1 AS found FROM analyses a WHERE a.analysis_key = @key
             AND NOT EXISTS (SELECT 1 FROM personal_scores s WHERE s.version = @version AND s.analysis_key = @key AND s.image_hash = a.image_hash)
           LIMIT 1`,
        )
        .get({ version, key: analysisKey }) !== undefined
    );
  }

  /** Writes one batch in one transaction (a row already there is replaced). */
  save(version: number, analysisKey: string, rows: readonly PersonalScoreRow[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO personal_scores (version, analysis_key, image_hash, score, rating, portfolio_prob, needs_review, review_reason, verdict)
       VALUES (@version, @key, @image_hash, @score, @rating, @portfolio_prob, @needs_review, @review_reason, @verdict)`,
    );
    this.db.transaction(() => {
      for (const row of rows) insert.run({ ...row, version, key: analysisKey });
    })();
  }

  /** Drops every version's rows of these images (their results were judged again: the rows are stale). */
  forget(imageHashes: readonly string[]): void {
    const remove = this.db.prepare<{ hash: string }>('DELETE FROM personal_scores WHERE image_hash = @hash');
    this.db.transaction(() => {
      for (const hash of imageHashes) remove.run({ hash });
    })();
  }

  /** Drops every version's rows but `keep`'s (all of them when `keep` is null): only the version in use is served. */
  dropAllBut(keep: number | null): void {
    this.db.prepare('DELETE FROM personal_scores WHERE version IS NOT @keep').run({ keep });
  }
}
