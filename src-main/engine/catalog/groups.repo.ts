import type { ContentEmbedding } from '../../../src-preload/contract/rating-result.js';
import type { FrameFacts } from '../grouping/best-frame.js';
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './catalog-database.js';

type Statement = Database.Statement<unknown[]>;

/** What grouping reads of a library photo, without parsing its whole result. */
export type GroupingRow = {
  id: number;
  path: string;
  capturedAt: string | null;
  perceptualHash: string | null;
  colour: string | null;
  /** Content embeddings (migration 13); null when no model gave one. */
  embeddings: ContentEmbedding[] | null;
};

/** A stored burst: photo ids in frame (capture) order, each frame's rank, why the best is best. */
export type StoredGroup = { id: number; photoIds: number[]; ranks: number[]; reason: string };

export type GroupEditKind = 'together' | 'apart' | 'alone';
export type GroupEdit = { kind: GroupEditKind; photoA: number; photoB: number | null };

type RowOut = { id: number; path: string; captured_at: string | null; perceptual_hash: string | null; colour: string | null; embeddings: string | null };

// Sub-second capture times where the result has them: frames of a burst share their second.
const BASE_COLUMNS = `p.id, p.path, COALESCE(s.captured_at, i.captured_at) AS captured_at, i.perceptual_hash, s.colour`;
const ROW_COLUMNS = `${BASE_COLUMNS},
  (SELECT json_group_array(json_object('model', e.model, 'vector', e.vector)) FROM grouping_embeddings e
    WHERE e.image_hash = p.image_hash AND e.analysis_key = @key) AS embeddings`;
// A signature row exists exactly when the photo has an analysis under the current key.
const ROW_FROM = `FROM photos p JOIN images i ON i.image_hash = p.image_hash
  JOIN grouping_signatures s ON s.image_hash = p.image_hash AND s.analysis_key = @key
  WHERE p.folder_id IS NOT NULL AND p.status = 'rated'`;

function toRow(row: RowOut): GroupingRow {
  const embeddings = row.embeddings ? (JSON.parse(row.embeddings) as ContentEmbedding[]) : [];
  return { id: row.id, path: row.path, capturedAt: row.captured_at, perceptualHash: row.perceptual_hash, colour: row.colour, embeddings: embeddings.length ? embeddings : null };
}

/**
 * The library's bursts and the user's grouping edits (migration 8). Shares the catalog's
 * connection; every value is bound. Only groups of two or more are stored: a photo in no group
 * stands alone.
 */
export class GroupsRepo {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly analysisKey: string,
  ) {}

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Every rated library photo's grouping inputs. */
  groupingRows(): GroupingRow[] {
    // The embeddings in a query of their own: wrapping 10,000 vectors in JSON per row (as the
    // smaller reads below do) and parsing it again tripled the CPU time of a whole-library read.
    const rows = this.db.prepare<{ key: string }, RowOut>(`SELECT ${BASE_COLUMNS}, NULL AS embeddings ${ROW_FROM}`).all({ key: this.analysisKey }).map(toRow);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const embeddings = this.db
      .prepare<{ key: string }, { id: number; model: string; vector: string }>(
        `SELECT p.id, e.model, e.vector FROM photos p JOIN grouping_embeddings e ON e.image_hash = p.image_hash AND e.analysis_key = @key
         WHERE p.folder_id IS NOT NULL AND p.status = 'rated'`,
      )
      .all({ key: this.analysisKey });
    for (const { id, model, vector } of embeddings) {
      const row = byId.get(id);
      if (row) (row.embeddings ??= []).push({ model, vector });
    }
    return rows;
  }

  groupingRowsFor(photoIds: number[]): GroupingRow[] {
    return this.db
      .prepare<{ key: string; ids: string }, RowOut>(`SELECT ${ROW_COLUMNS} ${ROW_FROM} AND p.id IN (SELECT value FROM json_each(@ids))`)
      .all({ key: this.analysisKey, ids: JSON.stringify(photoIds) })
      .map(toRow);
  }

  groupingRow(photoId: number): GroupingRow | null {
    const row = this.db.prepare<{ key: string; id: number }, RowOut>(`SELECT ${ROW_COLUMNS} ${ROW_FROM} AND p.id = @id`).get({ key: this.analysisKey, id: photoId });
    return row ? toRow(row) : null;
  }

  /** Photos taken between two capture times (`YYYY-MM-DDTHH:MM:SS` strings compare in time order). */
  groupingRowsBetween(from: string, to: string): GroupingRow[] {
    return this.db
      .prepare<{ key: string; from: string; to: string }, RowOut>(
        `SELECT ${ROW_COLUMNS} FROM images i INDEXED BY images_by_captured_at
         JOIN photos p ON p.image_hash = i.image_hash
         JOIN grouping_signatures s ON s.image_hash = p.image_hash AND s.analysis_key = @key
         WHERE i.captured_at BETWEEN @from AND @to AND p.folder_id IS NOT NULL AND p.status = 'rated'`,
      )
      .all({ key: this.analysisKey, from, to })
      .map(toRow);
  }

  /**
   * Photos of one folder, up to `count` each side of a file name (by the grid's name index), all
   * or only those without a capture time: the neighbours compared by pixels alone.
   */
  neighboursByName(folderId: number, name: string, count: number, onlyUntimed: boolean): GroupingRow[] {
    const side = (comparison: '<' | '>', order: 'ASC' | 'DESC') =>
      this.db
        .prepare<{ key: string; folder: number; name: string; count: number }, RowOut>(
          `SELECT ${ROW_COLUMNS} ${ROW_FROM} ${onlyUntimed ? 'AND i.captured_at IS NULL' : ''} AND p.folder_id = @folder
             AND p.name COLLATE NOCASE ${comparison} @name ORDER BY p.name COLLATE NOCASE ${order} LIMIT @count`,
        )
        .all({ key: this.analysisKey, folder: folderId, name, count })
        .map(toRow);
    return [...side('<', 'DESC'), ...side('>', 'ASC')];
  }

  /** Rated photos of the library's folders holding these bytes (a copy in two folders is two photos). */
  libraryPhotosWithHash(imageHash: string): number[] {
    return this.db
      .prepare<[string], { id: number }>(`SELECT id FROM photos WHERE image_hash = ? AND folder_id IS NOT NULL AND status = 'rated' ORDER BY id`)
      .all(imageHash)
      .map((row) => row.id);
  }

  /** A library setting (JSON), read here so that doors without the library service can ask. */
  setting(key: string): unknown {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  folderOf(photoId: number): number | null {
    return this.db.prepare<[number], { folder_id: number | null }>('SELECT folder_id FROM photos WHERE id = ?').get(photoId)?.folder_id ?? null;
  }

  /** What ranking a group's frames reads of these photos (columns kept by migration 8's triggers). */
  frameFacts(photoIds: number[]): Map<number, FrameFacts> {
    const rows = this.db
      .prepare<
        { key: string; ids: string },
        { id: number; score: number | null; sharpness: number | null; faces_with_eyes: number | null; blinking: number; blurry: number; face_sharpness: number | null; expression: number | null }
      >(
        `SELECT p.id, a.score, a.sharpness, s.faces_with_eyes, s.blinking, s.blurry, s.face_sharpness, s.expression
         FROM photos p
         JOIN analyses a INDEXED BY analyses_grid_columns ON a.image_hash = p.image_hash AND a.analysis_key = @key
         JOIN grouping_signatures s ON s.image_hash = p.image_hash AND s.analysis_key = @key
         WHERE p.id IN (SELECT value FROM json_each(@ids))`,
      )
      .all({ key: this.analysisKey, ids: JSON.stringify(photoIds) });
    return new Map(
      rows.map((row) => [
        row.id,
        {
          facesWithEyes: row.faces_with_eyes,
          blinking: row.blinking,
          sharpness: row.sharpness ?? 0,
          blurry: row.blurry === 1,
          faceSharpness: row.face_sharpness,
          expression: row.expression,
          score: row.score,
        },
      ]),
    );
  }

  groups(): StoredGroup[] {
    const rows = this.db
      .prepare<[], { group_id: number; photo_id: number; rank: number; reason: string }>(
        `SELECT m.group_id, m.photo_id, m.rank, g.reason FROM photo_group_members m JOIN photo_groups g ON g.id = m.group_id ORDER BY m.group_id, m.frame`,
      )
      .all();
    const byId = new Map<number, StoredGroup>();
    for (const row of rows) {
      let group = byId.get(row.group_id);
      if (!group) byId.set(row.group_id, (group = { id: row.group_id, photoIds: [], ranks: [], reason: row.reason }));
      group.photoIds.push(row.photo_id);
      group.ranks.push(row.rank);
    }
    return [...byId.values()];
  }

  group(groupId: number): StoredGroup | null {
    return this.groups().find((group) => group.id === groupId) ?? null;
  }

  /** The group ids these photos are in (photos standing alone have none). */
  groupIdsOf(photoIds: number[]): Map<number, number> {
    const statement = this.db.prepare<[number], { group_id: number }>('SELECT group_id FROM photo_group_members WHERE photo_id = ?');
    const out = new Map<number, number>();
    for (const id of photoIds) {
      const row = statement.get(id);
      if (row) out.set(id, row.group_id);
    }
    return out;
  }

  membersOf(groupId: number): number[] {
    return this.db
      .prepare<[number], { photo_id: number }>('SELECT photo_id FROM photo_group_members WHERE group_id = ? ORDER BY frame')
      .all(groupId)
      .map((row) => row.photo_id);
  }

  /** Replaces every group (a full regrouping). */
  replaceAll(groups: ReadonlyArray<{ photoIds: number[]; ranks: number[]; reason: string }>): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM photo_groups').run();
      for (const group of groups) this.insert(group);
    });
  }

  /** Takes these photos out of their groups (removing groups left with fewer than two) and stores the new ones. */
  replaceGroupsOf(photoIds: number[], groups: ReadonlyArray<{ photoIds: number[]; ranks: number[]; reason: string }>): number[] {
    return this.transaction(() => {
      const touched = new Set(this.groupIdsOf(photoIds).values());
      const remove = this.db.prepare('DELETE FROM photo_group_members WHERE photo_id = ?');
      for (const id of photoIds) remove.run(id);
      // A group emptied here lends its id to a new one, so that a stack the user opened stays open
      // when a frame joins or leaves it.
      const freed: number[] = [];
      for (const groupId of [...touched].sort((a, b) => a - b)) {
        if (this.membersOf(groupId).length >= 2) continue;
        this.db.prepare('DELETE FROM photo_groups WHERE id = ?').run(groupId);
        freed.push(groupId);
      }
      return groups.filter((group) => group.photoIds.length > 1).map((group) => this.insert(group, freed.shift() ?? null));
    });
  }

  /** Removes groups left with fewer than two frames (their photos were removed from the library). */
  pruneSmallGroups(): void {
    this.db.prepare('DELETE FROM photo_groups WHERE id NOT IN (SELECT group_id FROM photo_group_members GROUP BY group_id HAVING COUNT(*) > 1)').run();
  }

  private insert(group: { photoIds: number[]; ranks: number[]; reason: string }, id: number | null = null): number {
    if (group.photoIds.length < 2) return 0;
    this.insertGroup ??= this.db.prepare('INSERT INTO photo_groups (id, reason, created_at) VALUES (?, ?, ?)');
    this.insertMember ??= this.db.prepare('INSERT OR REPLACE INTO photo_group_members (photo_id, group_id, frame, rank) VALUES (?, ?, ?, ?)');
    const groupId = Number(this.insertGroup.run(id, group.reason, new Date().toISOString()).lastInsertRowid);
    group.photoIds.forEach((photoId, index) => this.insertMember!.run(photoId, groupId, index + 1, group.ranks[index]!));
    return groupId;
  }

  // Prepared once: a full regrouping inserts thousands of groups.
  private insertGroup: Statement | undefined;
  private insertMember: Statement | undefined;

  // ---- the user's edits ----

  edits(): GroupEdit[] {
    return this.db
      .prepare<[], { kind: GroupEditKind; photo_a: number; photo_b: number | null }>('SELECT kind, photo_a, photo_b FROM photo_group_edits ORDER BY id')
      .all()
      .map((row) => ({ kind: row.kind, photoA: row.photo_a, photoB: row.photo_b }));
  }

  addEdits(edits: GroupEdit[]): void {
    const statement = this.db.prepare('INSERT INTO photo_group_edits (kind, photo_a, photo_b, created_at) VALUES (?, ?, ?, ?)');
    const at = new Date().toISOString();
    for (const edit of edits) statement.run(edit.kind, edit.photoA, edit.photoB, at);
  }

  /** Drops edits of a kind that touch these photos (both ends inside the set for pairs, unless `anyEnd`). */
  dropEdits(kind: GroupEditKind, photoIds: number[], anyEnd = false): void {
    const ids = JSON.stringify(photoIds);
    const inSet = (column: string): string => `${column} IN (SELECT value FROM json_each(@ids))`;
    const where = kind === 'alone' ? inSet('photo_a') : anyEnd ? `(${inSet('photo_a')} OR ${inSet('photo_b')})` : `${inSet('photo_a')} AND ${inSet('photo_b')}`;
    this.db.prepare(`DELETE FROM photo_group_edits WHERE kind = @kind AND ${where}`).run({ kind, ids });
  }
}
