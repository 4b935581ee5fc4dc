import type { RatingResult, ShootProfile } from '../../../src-preload/contract/rating-result.js';
import { DEFAULT_SHOOT_PROFILE, SHOOT_PROFILES } from '../../../src-preload/contract/rating-result.js';
import type { SqliteDatabase } from './catalog-database.js';

/** The settings key of the library's shoot profile (read by the service's settings too). */
export const PROFILE_SETTING = 'profile';

/** The library's shoot profile, and the re-judging of stored analyses when it changes. */
export class ProfileRepo {
  constructor(private readonly db: SqliteDatabase) {}

  /** The saved profile; the default where none is saved or the saved one is unknown (a hand-edited catalog). */
  stored(): ShootProfile {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(PROFILE_SETTING);
    const value = row ? (JSON.parse(row.value) as unknown) : undefined;
    return SHOOT_PROFILES.includes(value as ShootProfile) ? (value as ShootProfile) : DEFAULT_SHOOT_PROFILE;
  }

  save(profile: ShootProfile): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(PROFILE_SETTING, JSON.stringify(profile));
  }

  /**
   * Re-judges, in one transaction, every analysis under `analysisKey` that another profile judged
   * (NULL = the built-in, portfolio): the result and the columns the grid filters on. Returns the
   * image hashes whose rows changed. No pixels are read.
   */
  rejudge(analysisKey: string, profile: ShootProfile, judge: (result: RatingResult) => RatingResult): string[] {
    const rows = this.db
      .prepare<[string, string], { image_hash: string; result: string }>(
        `SELECT image_hash, result FROM analyses WHERE analysis_key = ? AND COALESCE(profile, 'portfolio') <> ?`,
      )
      .all(analysisKey, profile);
    if (!rows.length) return [];
    const update = this.db.prepare(
      'UPDATE analyses SET result = @result, score = @score, rating = @rating, needs_review = @review, profile = @profile WHERE image_hash = @hash AND analysis_key = @key',
    );
    this.db.transaction(() => {
      for (const row of rows) {
        const judged = judge(JSON.parse(row.result) as RatingResult);
        update.run({
          result: JSON.stringify(judged),
          score: judged.score,
          rating: judged.rating,
          review: judged.needs_review === null ? null : Number(judged.needs_review),
          profile,
          hash: row.image_hash,
          key: analysisKey,
        });
      }
    })();
    return rows.map((row) => row.image_hash);
  }
}
