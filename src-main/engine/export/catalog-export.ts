import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExportSummary, SidecarNaming, UndoExportSummary } from '../../../src-preload/contract/library-types.js';
import type { CullOutRepo } from '../catalog/cull-out.repo.js';
import type { LibraryRepo } from '../catalog/library.repo.js';
import { EngineError, toErrorInfo } from '../errors.js';
import { sha256File, type SidecarWriter } from '../sidecars/sidecar-writer.js';
import { copyVerified, type ExportGroup, type MoveBook } from './export-files.js';

/**
 * Export on top of the catalog: which files make up each photo (partners from `filesOfPhoto`, every
 * sidecar of either naming style that exists), the move book that records each move and carries
 * the photo's catalog row (and its marks) along, and undo.
 */
export class CatalogExport {
  constructor(
    private readonly library: LibraryRepo,
    private readonly records: CullOutRepo,
    private readonly sidecars: SidecarWriter,
  ) {}

  groups(photoIds: number[]): ExportGroup[] {
    return photoIds.map((photoId) => {
      const files = this.library.filesOfPhoto(photoId);
      const names = new Set<string>();
      for (const naming of ['adobe', 'darktable'] as SidecarNaming[]) for (const sidecar of this.sidecars.sidecarsOf(photoId, naming)) names.add(sidecar);
      return { photoId, files, sidecars: [...names].filter((sidecar) => existsSync(sidecar)) };
    });
  }

  /** The library folder a path lies in, if any (a photo moved out of the library leaves the grid but keeps its marks). */
  private folderOf(file: string): number | null {
    const folder = this.library.folders().find((candidate) => file.startsWith(candidate.path + path.sep));
    return folder?.id ?? null;
  }

  book(mode: 'copy' | 'move', destination: string): MoveBook {
    return {
      begin: () => this.records.addExport(mode, destination),
      moved: (exportId, group, moves) =>
        this.records.transaction(() => {
          const folderId = group.photoId === null ? null : this.records.photoFolderId(group.photoId);
          for (const [index, move] of moves.entries()) {
            const photoId = index === 0 ? group.photoId : null;
            this.records.recordMove({ exportId, photoId, folderId, sourcePath: move.source, destPath: move.destination, sha256: move.sha256 });
          }
          if (group.photoId !== null && moves[0]) this.records.movePhotoRow(group.photoId, moves[0].destination, this.folderOf(moves[0].destination));
        }),
      finish: (exportId, summary: ExportSummary) => this.records.finishExport(exportId, { exported: summary.exported, skipped: summary.skipped, failed: summary.failed, bytes: summary.bytes }),
    };
  }

  /**
   * Moves an export's files back where they came from, in reverse order, each copy-verify-delete
   * like the move itself. Never replaces a file: where a file of that name came back meanwhile and
   * holds the same bytes, only the moved copy is removed; otherwise that file is reported and left.
   */
  async undo(exportId: number): Promise<UndoExportSummary> {
    const record = this.records.exportRecord(exportId);
    if (!record) throw new EngineError('file_not_found', `no export with id ${exportId}`);
    if (record.mode !== 'move') throw new EngineError('validation_error', `export ${exportId} copied files; there is nothing to move back (delete the copies to undo it)`);
    const summary: UndoExportSummary = { exportId, restored: 0, failures: [] };
    for (const move of this.records.moves(exportId).reverse()) {
      if (move.undoneAt) continue;
      try {
        await this.moveBack(move.sourcePath, move.destPath, move.sha256);
        this.records.transaction(() => {
          if (move.photoId !== null && this.library.photoFileByPath(move.sourcePath) === null) this.records.movePhotoRow(move.photoId, move.sourcePath, move.folderId);
          this.records.markMoveUndone(move.id);
        });
        summary.restored++;
      } catch (error) {
        const info = toErrorInfo(error);
        summary.failures.push({ photoId: move.photoId, path: move.destPath, code: info.code, message: info.message });
      }
    }
    if (summary.failures.length === 0) this.records.markExportUndone(exportId);
    return summary;
  }

  private async moveBack(original: string, moved: string, sha256: string): Promise<void> {
    const here = await stat(moved).catch(() => null);
    if (existsSync(original)) {
      if ((await sha256File(original)) === sha256) {
        if (here) await rm(moved);
        return;
      }
      throw new EngineError('validation_error', `${original} exists again with other content; it was not replaced (the moved file is still at ${moved})`);
    }
    if (!here) throw new EngineError('file_vanished', `${moved} is no longer there, so it cannot be moved back to ${original}`);
    if ((await sha256File(moved)) !== sha256) throw new EngineError('validation_error', `${moved} changed since it was moved; it was left where it is`);
    await mkdir(path.dirname(original), { recursive: true });
    await copyVerified(moved, original);
    await rm(moved);
  }
}
