import type { SqliteDatabase } from './catalog-database.js';

/** A photo's mark fields (mark, stars, label…) as they were and as they became. */
export type MarkFields = Record<string, unknown>;
export type MarkChange = { photoId: number; before: MarkFields; after: MarkFields };
export type MarkStep = { stepId: number; createdAt: string; changes: MarkChange[] };

/** Steps kept: "recent history" across a restart, without a table that grows for ever. */
export const MARK_HISTORY_LIMIT = 500;

/**
 * The undo/redo log of mark changes (migration 0007). A stack: steps not undone, newest on top,
 * then the undone ones waiting for a redo; a new step drops those, as every editor's redo does.
 */
export class MarkHistoryRepo {
  constructor(private readonly db: SqliteDatabase) {}

  /** `work` in one transaction; an error of class `rollback` undoes it and gives null instead of throwing. */
  transaction<T>(work: () => T): T;
  transaction<T>(work: () => T, rollback: new (...args: never[]) => Error): T | null;
  transaction<T>(work: () => T, rollback?: new (...args: never[]) => Error): T | null {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      if (rollback && error instanceof rollback) return null;
      throw error;
    }
  }

  record(changes: MarkChange[], now = new Date()): number {
    return this.transaction(() => {
      this.db.prepare('DELETE FROM mark_history WHERE undone = 1').run();
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO mark_history (created_at, changes) VALUES (?, ?)')
        .run(now.toISOString(), JSON.stringify(changes));
      this.db
        .prepare('DELETE FROM mark_history WHERE step_id <= (SELECT step_id FROM mark_history ORDER BY step_id DESC LIMIT 1 OFFSET ?)')
        .run(MARK_HISTORY_LIMIT);
      return Number(lastInsertRowid);
    });
  }

  /** The step an undo would revert: the newest one not undone. */
  lastDone(): MarkStep | null {
    return this.step('SELECT step_id, created_at, changes FROM mark_history WHERE undone = 0 ORDER BY step_id DESC LIMIT 1');
  }

  /** The step a redo would apply again: the oldest undone one. */
  firstUndone(): MarkStep | null {
    return this.step('SELECT step_id, created_at, changes FROM mark_history WHERE undone = 1 ORDER BY step_id ASC LIMIT 1');
  }

  setUndone(stepId: number, undone: boolean): void {
    this.db.prepare('UPDATE mark_history SET undone = ? WHERE step_id = ?').run(undone ? 1 : 0, stepId);
  }

  counts(): { done: number; undone: number } {
    const row = this.db
      .prepare<[], { done: number; undone: number }>('SELECT COALESCE(SUM(undone = 0), 0) AS done, COALESCE(SUM(undone = 1), 0) AS undone FROM mark_history')
      .get()!;
    return { done: row.done, undone: row.undone };
  }

  private step(sql: string): MarkStep | null {
    const row = this.db.prepare<[], { step_id: number; created_at: string; changes: string }>(sql).get();
    return row ? { stepId: row.step_id, createdAt: row.created_at, changes: JSON.parse(row.changes) as MarkChange[] } : null;
  }
}
