import type { SqliteDatabase } from './catalog-database.js';

/** What we last wrote into a sidecar: its file state right after, and the marks in it. */
export type SidecarRecord = {
  sidecarPath: string;
  photoPath: string;
  fileSize: number;
  mtimeMs: number;
  sha256: string;
  /** JSON-able: the base of the next three-way merge. */
  fields: { rating: number | null; label: string | null; pick: string | null };
  /** Everything we wrote (JSON-able): while the file's SHA-256 still matches, no need to read it back. */
  written?: unknown;
};

// Above every UTF-8 text that starts with the prefix: `path >= prefix AND path < prefix || END`
// walks the unique index on photos.path instead of scanning every row.
const PREFIX_END = '\u{10FFFF}';

export type ExportMoveRecord = {
  id: number;
  exportId: number;
  photoId: number | null;
  folderId: number | null;
  sourcePath: string;
  destPath: string;
  sha256: string;
  undoneAt: string | null;
};

export type ExportRecord = { id: number; mode: 'copy' | 'move'; destination: string; createdAt: string; undoneAt: string | null; summary: unknown };

/**
 * The SQL of the cull going out (migration 6): sidecar write records, exports and the moves they
 * made, and the photo lookups export and the CLI need. Shares the catalog's connection.
 */
export class CullOutRepo {
  constructor(private readonly db: SqliteDatabase) {}

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  // ---- photos ----

  /** Ids of photo rows (library or CLI-rated, not missing) at or under these folder paths, by path. */
  photoIdsUnder(folders: string[], separator: string): number[] {
    const statement = this.db.prepare<[string, string, string], { id: number }>(
      `SELECT id FROM photos WHERE status != 'missing' AND (path = ? OR (path >= ? AND path < ?)) ORDER BY path`,
    );
    const ids = new Set<number>();
    for (const folder of folders) {
      const prefix = folder.endsWith(separator) ? folder : folder + separator;
      for (const row of statement.all(folder, prefix, prefix + PREFIX_END)) ids.add(row.id);
    }
    return [...ids];
  }

  /** Paths of other photo rows in `dir` whose name starts with `stem.` (IMG_0001.JPG beside IMG_0001.PNG). */
  pathsWithStem(dir: string, stem: string, separator: string): string[] {
    const prefix = `${dir}${separator}${stem}.`;
    return this.db
      .prepare<[string, string], { path: string }>(`SELECT path FROM photos WHERE status != 'missing' AND path >= ? AND path < ?`)
      .all(prefix, prefix + PREFIX_END)
      .map((row) => row.path)
      .filter((path) => !path.slice(prefix.length).includes(separator));
  }

  /** Moves a photo row with its file: new path, and the library folder it now lies in (or none). */
  movePhotoRow(photoId: number, newPath: string, folderId: number | null): void {
    this.db.prepare('UPDATE photos SET path = ?, folder_id = ?, updated_at = ? WHERE id = ?').run(newPath, folderId, new Date().toISOString(), photoId);
  }

  photoFolderId(photoId: number): number | null {
    return this.db.prepare<[number], { folder_id: number | null }>('SELECT folder_id FROM photos WHERE id = ?').get(photoId)?.folder_id ?? null;
  }

  // ---- sidecars ----

  sidecar(sidecarPath: string): SidecarRecord | null {
    const row = this.db
      .prepare<[string], { sidecar_path: string; photo_path: string; file_size: number; mtime_ms: number; sha256: string; fields: string }>(
        'SELECT sidecar_path, photo_path, file_size, mtime_ms, sha256, fields FROM xmp_sidecars WHERE sidecar_path = ?',
      )
      .get(sidecarPath);
    if (!row) return null;
    const stored = JSON.parse(row.fields) as SidecarRecord['fields'] & { written?: unknown };
    const { written, ...fields } = stored;
    return { sidecarPath: row.sidecar_path, photoPath: row.photo_path, fileSize: row.file_size, mtimeMs: row.mtime_ms, sha256: row.sha256, fields, written };
  }

  saveSidecar(record: SidecarRecord): void {
    this.db
      .prepare(
        `INSERT INTO xmp_sidecars (sidecar_path, photo_path, file_size, mtime_ms, sha256, fields, written_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sidecar_path) DO UPDATE SET photo_path = excluded.photo_path, file_size = excluded.file_size, mtime_ms = excluded.mtime_ms,
           sha256 = excluded.sha256, fields = excluded.fields, written_at = excluded.written_at`,
      )
      .run(record.sidecarPath, record.photoPath, record.fileSize, record.mtimeMs, record.sha256, JSON.stringify({ ...record.fields, written: record.written }), new Date().toISOString());
  }

  // ---- exports ----

  addExport(mode: 'copy' | 'move', destination: string): number {
    return Number(
      this.db.prepare('INSERT INTO exports (mode, destination, created_at, summary) VALUES (?, ?, ?, ?)').run(mode, destination, new Date().toISOString(), '{}').lastInsertRowid,
    );
  }

  finishExport(exportId: number, summary: unknown): void {
    this.db.prepare('UPDATE exports SET summary = ? WHERE id = ?').run(JSON.stringify(summary), exportId);
  }

  exportRecord(exportId: number): ExportRecord | null {
    const row = this.db
      .prepare<[number], { id: number; mode: 'copy' | 'move'; destination: string; created_at: string; undone_at: string | null; summary: string }>(
        'SELECT id, mode, destination, created_at, undone_at, summary FROM exports WHERE id = ?',
      )
      .get(exportId);
    return row ? { id: row.id, mode: row.mode, destination: row.destination, createdAt: row.created_at, undoneAt: row.undone_at, summary: JSON.parse(row.summary) } : null;
  }

  /** The most recent move that has not been undone, for "undo last move". */
  lastUndoableMove(): number | null {
    return this.db.prepare<[], { id: number }>(`SELECT id FROM exports WHERE mode = 'move' AND undone_at IS NULL ORDER BY id DESC LIMIT 1`).get()?.id ?? null;
  }

  recordMove(move: Omit<ExportMoveRecord, 'id' | 'undoneAt'>): void {
    this.db
      .prepare('INSERT INTO export_moves (export_id, photo_id, folder_id, source_path, dest_path, sha256, moved_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(move.exportId, move.photoId, move.folderId, move.sourcePath, move.destPath, move.sha256, new Date().toISOString());
  }

  moves(exportId: number): ExportMoveRecord[] {
    return this.db
      .prepare<[number], { id: number; export_id: number; photo_id: number | null; folder_id: number | null; source_path: string; dest_path: string; sha256: string; undone_at: string | null }>(
        'SELECT id, export_id, photo_id, folder_id, source_path, dest_path, sha256, undone_at FROM export_moves WHERE export_id = ? ORDER BY id',
      )
      .all(exportId)
      .map((row) => ({ id: row.id, exportId: row.export_id, photoId: row.photo_id, folderId: row.folder_id, sourcePath: row.source_path, destPath: row.dest_path, sha256: row.sha256, undoneAt: row.undone_at }));
  }

  markMoveUndone(moveId: number): void {
    this.db.prepare('UPDATE export_moves SET undone_at = ? WHERE id = ?').run(new Date().toISOString(), moveId);
  }

  markExportUndone(exportId: number): void {
    this.db.prepare('UPDATE exports SET undone_at = ? WHERE id = ?').run(new Date().toISOString(), exportId);
  }
}
