import path from 'node:path';
import type { ExportedFile, ExportFailure, ExportRequest, ExportSummary, PhotoFilter, SidecarWriteSummary, UndoExportSummary } from '../../src-preload/contract/library-types.js';
import { PHOTO_PAGE_LIMIT } from '../../src-preload/contract/library-types.js';
import type { IpcReply } from '../../src-preload/contract/ipc-contract.js';
import { CullOutRepo } from '../engine/catalog/cull-out.repo.js';
import type { LibraryRepo } from '../engine/catalog/library.repo.js';
import { EngineError, toErrorInfo } from '../engine/errors.js';
import { endExiftool } from '../engine/exiftool/exiftool-process.js';
import { CatalogExport } from '../engine/export/catalog-export.js';
import { exportPhotos } from '../engine/export/export-files.js';
import { SidecarWriter, type SidecarSummary } from '../engine/sidecars/sidecar-writer.js';
import { hasUserMarks } from '../engine/sidecars/xmp-marks.js';
import { embedMarksInJpegCopies } from '../engine/export/embed-marks.js';
import type { SqliteDatabase } from '../engine/catalog/catalog-database.js';
import { failure, success } from './replies.js';
import type { ServiceEvents } from './service-events.js';
import { readSettings } from './settings-store.js';

/**
 * The service's side of the cull going out: sidecars written after each mark change (in the
 * background, one batch after another, while "Write XMP sidecars" is on), on demand, export and
 * undo. Typed engine errors reach the door as `invalid_request` with the engine's code first in
 * the message ("destination_read_only: …"), so the UI can show the reason.
 */
export class ServiceCullOut {
  private readonly records: CullOutRepo;
  private readonly sidecars: SidecarWriter;
  private readonly exporter: CatalogExport;
  private background: Promise<void> = Promise.resolve();

  constructor(
    database: SqliteDatabase,
    private readonly repo: LibraryRepo,
    private readonly events: ServiceEvents,
    private readonly log: (line: string) => void,
  ) {
    this.records = new CullOutRepo(database);
    this.sidecars = new SidecarWriter(repo, this.records);
    this.exporter = new CatalogExport(repo, this.records, this.sidecars);
  }

  /** After a mark change: the photos' sidecars follow, unless the setting is off. */
  marksChanged(photoIds: number[]): void {
    const settings = readSettings(this.repo).xmp;
    if (!settings.writeSidecars) return;
    this.background = this.background.then(async () => this.report(await this.sidecars.write(photoIds, settings)));
  }

  /** Resolves once the sidecar writes queued so far are done. */
  get settled(): Promise<void> {
    return this.background;
  }

  async close(): Promise<void> {
    await this.background;
    await endExiftool();
  }

  private report(summary: SidecarSummary): void {
    if (summary.adopted.length > 0) this.events.photosChanged(summary.adopted);
    for (const failed of summary.failed) this.log(`sidecars: photo ${failed.photoId}: ${failed.error?.code}: ${failed.error?.message}`);
  }

  private photoIds(request: { photoIds?: number[]; filter?: PhotoFilter }): number[] {
    if (request.photoIds) return [...new Set(request.photoIds)];
    return this.repo.listPhotos({ sort: 'name', direction: 'asc', ...request.filter, offset: 0, limit: PHOTO_PAGE_LIMIT }).items.map((photo) => photo.id);
  }

  async writeNow(request: { photoIds?: number[]; filter?: PhotoFilter }): Promise<IpcReply<'xmp:write'>> {
    const settings = readSettings(this.repo).xmp;
    const ids = this.photoIds(request);
    const summary = await this.sidecars.write(ids, settings);
    this.report(summary);
    const failures: ExportFailure[] = summary.failed.map((failed) => ({
      photoId: failed.photoId,
      path: this.repo.photoFile(failed.photoId)?.path ?? '',
      code: failed.error?.code ?? 'internal_error',
      message: failed.error?.message ?? '',
    }));
    return success<SidecarWriteSummary>({ written: summary.written, unchanged: summary.unchanged, adopted: summary.adopted.length, failures });
  }

  async run(request: ExportRequest): Promise<IpcReply<'export:run'>> {
    if ((request.photoIds === undefined) === (request.filter === undefined)) return failure('invalid_request', 'export:run: give photoIds or a filter (one of them)');
    if (request.embedXmpInJpegCopies && request.mode === 'move') return failure('invalid_request', 'export:run: XMP is embedded into copies only, never into moved originals');
    const ids = this.photoIds(request);
    const settings = readSettings(this.repo).xmp;
    // Sidecars are brought up to date first, so the exported ones hold the current marks.
    if (settings.writeSidecars && !request.dryRun) this.report(await this.sidecars.write(ids, settings));
    const groups = this.exporter.groups(ids);
    const sources = [...new Set(groups.flatMap((group) => [...group.files].map((file) => path.dirname(file))))];
    for (const folder of this.repo.folders()) if (groups.some((group) => group.files.some((file) => file.startsWith(folder.path + path.sep)))) sources.push(folder.path);
    try {
      const summary: ExportSummary = await exportPhotos({
        groups,
        destination: request.destination,
        sources,
        mode: request.mode,
        onCollision: request.onCollision,
        dryRun: request.dryRun ?? false,
        book: this.exporter.book(request.mode, request.destination),
        afterCopy: request.embedXmpInJpegCopies ? (group, copied) => this.embedInCopies(group.photoId, copied) : undefined,
        onProgress: (done, total, current) => this.events.emit({ type: 'export-progress', done, total, current }),
      });
      if (request.mode === 'move' && !summary.dryRun) {
        this.events.photosChanged(ids);
        this.events.foldersChanged();
      }
      return success(summary);
    } catch (error) {
      return engineFailure(error);
    }
  }

  private async embedInCopies(photoId: number | null, copied: Array<{ destination: string; kind: ExportedFile['kind'] }>): Promise<void> {
    const [photo] = photoId === null ? [] : this.repo.summaries([photoId]);
    if (photo && hasUserMarks(photo)) await embedMarksInJpegCopies(photo, copied);
  }

  async undo(exportId: number): Promise<IpcReply<'export:undo'>> {
    try {
      const summary: UndoExportSummary = await this.exporter.undo(exportId);
      this.events.photosChanged(this.records.moves(exportId).flatMap((move) => (move.photoId === null ? [] : [move.photoId])));
      this.events.foldersChanged();
      return success(summary);
    } catch (error) {
      return engineFailure(error);
    }
  }
}

function engineFailure(error: unknown): IpcReply<never> {
  const info = toErrorInfo(error);
  if (error instanceof EngineError && info.code === 'file_not_found') return failure('not_found', info.message);
  if (error instanceof EngineError && info.code !== 'internal_error') return failure('invalid_request', `${info.code}: ${info.message}`);
  throw error;
}
