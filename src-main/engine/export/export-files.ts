import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { copyFile, link, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { ExportCollision, ExportedFile, ExportMode, ExportSummary } from '../../../src-preload/contract/library-types.js';
import { EngineError, toErrorInfo } from '../errors.js';
import { sha256File } from '../sidecars/sidecar-writer.js';
import { checkDestination, fileSystemError } from './export-destination.js';

/** One photo to export: its files (main first, then RAW/JPEG partners) and the sidecars beside them. */
export type ExportGroup = { photoId: number | null; files: string[]; sidecars: string[] };

/** What a move must remember so it can be undone; called after the copies are verified, before the originals go. */
export type MoveBook = {
  begin(): number;
  moved(exportId: number, group: ExportGroup, moves: Array<{ source: string; destination: string; sha256: string }>): void;
  finish(exportId: number, summary: ExportSummary): void;
};

export type ExportPlan = {
  groups: ExportGroup[];
  destination: string;
  /** The folders the photos come from: the destination may not be one of them, or inside one. */
  sources: string[];
  mode: ExportMode;
  onCollision: ExportCollision;
  dryRun: boolean;
  /** Required for a move (every move is recorded, for undo). */
  book?: MoveBook;
  /** After a group's files are copied and verified (copy mode), e.g. embed XMP in the copies. */
  afterCopy?: (group: ExportGroup, copied: ExportedFile[]) => Promise<void>;
  onProgress?: (done: number, total: number, current: string | null) => void;
};

type Placed = { source: string; destination: string; kind: ExportedFile['kind'] };

/**
 * Copies or moves photos with their partners and sidecars into a folder. Never overwrites: a taken
 * name gets a suffix (for all of the photo's files alike, so IMG_0001-1.CR2, IMG_0001-1.JPG and
 * IMG_0001-1.xmp stay a set) or the photo is skipped. Each file is copied to a temp name, checked
 * byte for byte (SHA-256), then linked to its name (which fails rather than replace a file). A
 * move deletes the originals only after all of the photo's copies are verified and the move is
 * recorded. A photo that fails midway has its copies removed: nothing is half-exported. A full
 * disk stops the export at that photo.
 */
export async function exportPhotos(plan: ExportPlan): Promise<ExportSummary> {
  if (plan.mode === 'move' && !plan.book && !plan.dryRun) throw new EngineError('internal_error', 'a move needs a move book, so it can be undone');
  const present = plan.groups.filter((group) => group.files.length > 0);
  let bytesNeeded = 0;
  for (const group of present) for (const file of [...group.files, ...group.sidecars]) bytesNeeded += (await stat(file).catch(() => null))?.size ?? 0;
  const destination = await checkDestination(plan.destination, plan.sources, bytesNeeded);

  const summary: ExportSummary = { exportId: null, mode: plan.mode, destination: plan.destination, dryRun: plan.dryRun, exported: 0, skipped: 0, failed: 0, bytes: 0, files: [], failures: [] };
  const exportId = !plan.dryRun && plan.mode === 'move' ? plan.book!.begin() : null;
  summary.exportId = exportId;
  const taken = new Set<string>();
  let done = 0;
  for (const group of present) {
    plan.onProgress?.(done, present.length, group.files[0]!);
    const placed = placeGroup(group, destination, plan.onCollision, taken);
    if (!placed) {
      summary.skipped++;
    } else if (plan.dryRun) {
      summary.exported++;
      summary.files.push(...placed);
      for (const file of placed) summary.bytes += (await stat(file.source).catch(() => null))?.size ?? 0;
    } else {
      try {
        const bytes = await exportGroup(group, placed, plan, exportId);
        summary.exported++;
        summary.bytes += bytes;
        summary.files.push(...placed);
      } catch (error) {
        const info = toErrorInfo(error);
        summary.failed++;
        summary.failures.push({ photoId: group.photoId, path: group.files[0]!, code: info.code, message: info.message });
        if (info.code === 'disk_full' || info.code === 'destination_read_only') break;
      }
    }
    done++;
  }
  plan.onProgress?.(done, present.length, null);
  if (exportId !== null) plan.book!.finish(exportId, summary);
  return summary;
}

/** Destination names for a group, or null to skip it; reserves them in `taken`. */
function placeGroup(group: ExportGroup, destination: string, onCollision: ExportCollision, taken: Set<string>): Placed[] | null {
  const stem = path.parse(group.files[0]!).name;
  const kinds: Array<[string, ExportedFile['kind']]> = [
    ...group.files.map((file, index): [string, ExportedFile['kind']] => [file, index === 0 ? 'photo' : 'partner']),
    ...group.sidecars.map((file): [string, ExportedFile['kind']] => [file, 'sidecar']),
  ];
  const named = (suffix: string): Placed[] =>
    kinds.map(([source, kind]) => {
      const base = path.basename(source);
      const name = suffix && base.startsWith(stem) ? `${stem}${suffix}${base.slice(stem.length)}` : base;
      return { source, destination: path.join(destination, name), kind };
    });
  const free = (candidate: Placed[]) => candidate.every((file) => !taken.has(file.destination) && !existsSync(file.destination));
  let candidate = named('');
  if (!free(candidate)) {
    if (onCollision === 'skip') return null;
    for (let n = 1; !free((candidate = named(`-${n}`))); n++);
  }
  for (const file of candidate) taken.add(file.destination);
  return candidate;
}

async function exportGroup(group: ExportGroup, placed: Placed[], plan: ExportPlan, exportId: number | null): Promise<number> {
  const made: string[] = [];
  const moves: Array<{ source: string; destination: string; sha256: string }> = [];
  let bytes = 0;
  try {
    for (const file of placed) {
      const sha256 = await copyVerified(file.source, file.destination);
      made.push(file.destination);
      moves.push({ source: file.source, destination: file.destination, sha256 });
      bytes += (await stat(file.destination)).size;
    }
    if (plan.mode === 'copy') await plan.afterCopy?.(group, placed);
  } catch (error) {
    // Nothing half-exported: the copies of this photo made so far go again.
    await Promise.all(made.map((file) => rm(file, { force: true })));
    throw error;
  }
  if (plan.mode === 'move') {
    try {
      plan.book!.moved(exportId!, group, moves);
    } catch (error) {
      // Not recorded, so not undoable: the originals stay, the copies go.
      await Promise.all(made.map((file) => rm(file, { force: true })));
      throw error;
    }
    for (const move of moves) {
      await rm(move.source).catch((error: unknown) => {
        throw fileSystemError(error, `copied ${move.source} but could not delete it (the copy is at ${move.destination}; undo removes it)`);
      });
    }
  }
  return bytes;
}

/**
 * Copies one file without ever replacing another: to a temp name beside the target, compared by
 * SHA-256 with the source, dated like the source, then hard-linked to the target name (which fails
 * if the name was taken meanwhile). Returns the SHA-256.
 */
export async function copyVerified(source: string, target: string): Promise<string> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.culler-part-${randomBytes(4).toString('hex')}`);
  try {
    const info = await stat(source).catch((error: unknown) => {
      throw new EngineError('file_vanished', `${source} is no longer there: ${(error as Error).message}`, { cause: error });
    });
    await copyFile(source, temp, constants.COPYFILE_EXCL);
    const [expected, copied] = await Promise.all([sha256File(source), sha256File(temp)]);
    if (expected !== copied) throw new EngineError('internal_error', `the copy of ${source} differs from it (disk error?); nothing was kept`);
    await utimes(temp, info.atime, info.mtime);
    await placeWithoutReplacing(temp, target);
    return expected;
  } catch (error) {
    await rm(temp, { force: true });
    throw fileSystemError(error, `copying ${source} to ${target}`);
  }
}

async function placeWithoutReplacing(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
    await rm(temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new EngineError('internal_error', `${target} appeared while exporting; it was not replaced`);
    // File systems without hard links (FAT, exFAT, some network shares): check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw error;
    if (existsSync(target)) throw new EngineError('internal_error', `${target} appeared while exporting; it was not replaced`);
    await rename(temp, target);
  }
}

