import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PhotoSummary, SidecarNaming, XmpSettings } from '../../../src-preload/contract/library-types.js';
import type { CullOutRepo } from '../catalog/cull-out.repo.js';
import type { LibraryRepo } from '../catalog/library.repo.js';
import { EngineError, toErrorInfo, type EngineErrorInfo } from '../errors.js';
import { readXmpFields, writeXmpSidecarAtomically, type XmpFields } from '../exiftool/xmp-sidecar-io.js';
import { sidecarPaths } from './sidecar-naming.js';
import { autoCullMarks, hasUserMarks, marksFromXmp, marksToXmp, mergeMarks, NO_XMP_MARKS, normalizeXmpMarks, type PhotoMarks } from './xmp-marks.js';

/** Every keyword we write sits under this parent in lr:hierarchicalSubject ("Culler|portrait"). */
export const KEYWORD_PARENT = 'Culler';

export type SidecarOutcome = {
  photoId: number;
  sidecars: string[];
  /** Nothing to change: the sidecar already said all of it. */
  unchanged: boolean;
  /** Marks another app had changed in the sidecar, now taken into the catalog. */
  adopted: boolean;
  error: EngineErrorInfo | null;
};

export type SidecarSummary = { written: number; unchanged: number; adopted: number[]; failed: SidecarOutcome[] };

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/**
 * Keeps each photo's XMP sidecar(s) in step with its marks. A sidecar that exists is merged into,
 * never replaced: exiftool changes only our tags, keywords are merged (ours under one parent,
 * theirs kept), and marks another app changed since our last write are adopted (three-way merge
 * against what we last wrote, recorded per sidecar). Writes to one sidecar are serialised, so quick
 * successive marks land in order. Photo files are only ever read.
 */
export class SidecarWriter {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly library: LibraryRepo,
    private readonly records: CullOutRepo,
  ) {}

  /** Writes the sidecars of these photos; never throws (each failure is in the summary). */
  async write(photoIds: number[], settings: Pick<XmpSettings, 'naming' | 'autoCull'>): Promise<SidecarSummary> {
    const summary: SidecarSummary = { written: 0, unchanged: 0, adopted: [], failed: [] };
    for (const photoId of photoIds) {
      const outcome = await this.writeOne(photoId, settings).catch(
        (error: unknown): SidecarOutcome => ({ photoId, sidecars: [], unchanged: false, adopted: false, error: toErrorInfo(error) }),
      );
      if (outcome.error) summary.failed.push(outcome);
      else if (outcome.unchanged) summary.unchanged++;
      else summary.written++;
      if (outcome.adopted) summary.adopted.push(photoId);
    }
    return summary;
  }

  /** The sidecar paths a photo has under a naming style. */
  sidecarsOf(photoId: number, naming: SidecarNaming): string[] {
    const files = this.library.filesOfPhoto(photoId);
    return sidecarPaths(files, naming, (file) => this.records.pathsWithStem(path.dirname(file), path.parse(file).name, path.sep));
  }

  private async writeOne(photoId: number, settings: Pick<XmpSettings, 'naming' | 'autoCull'>): Promise<SidecarOutcome> {
    const files = this.library.filesOfPhoto(photoId);
    if (files.length === 0) throw new EngineError('file_not_found', `no photo with id ${photoId} in the catalog`);
    const sidecars = this.sidecarsOf(photoId, settings.naming);
    let unchanged = true;
    let adopted = false;
    for (const sidecar of sidecars) {
      if (files.includes(sidecar)) throw new EngineError('internal_error', `refusing to write a sidecar over the photo file ${sidecar}`);
      const result = await this.serialised(sidecar, () => this.writeSidecar(photoId, files[0]!, sidecar, settings));
      unchanged &&= result.unchanged;
      adopted ||= result.adopted;
    }
    return { photoId, sidecars, unchanged, adopted, error: null };
  }

  private serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    }).catch(() => undefined);
    return next;
  }

  private async writeSidecar(photoId: number, photoPath: string, sidecar: string, settings: Pick<XmpSettings, 'naming' | 'autoCull'>): Promise<{ unchanged: boolean; adopted: boolean }> {
    const exists = await stat(sidecar).then((info) => info.isFile(), () => false);
    const record = this.records.sidecar(sidecar);
    // Untouched since our last write (same SHA-256): what we wrote is what it holds; else read it.
    const untouched = exists && record?.written !== undefined && (await sha256File(sidecar)) === record.sha256;
    const existing: XmpFields | null = !exists ? null : untouched ? (record!.written as XmpFields) : await readXmpFields(sidecar);
    const base = record && exists ? normalizeXmpMarks(record.fields) : NO_XMP_MARKS;
    const theirs = existing ? normalizeXmpMarks(existing) : NO_XMP_MARKS;

    let photo = this.summary(photoId);
    const ours = marksToXmp(this.marksToWrite(photo, settings));
    const { merged, adopted } = mergeMarks(base, ours, theirs);
    // Only the user's own fields are taken into the catalog; the auto-cull's guesses are not marks.
    if (adopted.length > 0) {
      const marks = marksFromXmp(merged);
      this.library.setCull([photoId], marks);
      photo = this.summary(photoId);
    }

    const source = hasUserMarks(photo) ? 'user' : settings.autoCull.enabled ? 'auto' : null;
    const verdict = photo.score === null ? null : photo.needsReview ? `${photo.rating ?? ''} (needs review)`.trim() : photo.rating;
    const theirSubjects = existing?.subjects ?? [];
    const theirHierarchy = existing?.hierarchicalSubjects ?? [];
    const ourOldKeywords = new Set(theirHierarchy.filter((entry) => entry.startsWith(`${KEYWORD_PARENT}|`)).map((entry) => entry.slice(KEYWORD_PARENT.length + 1)));
    const next: XmpFields = {
      rating: merged.rating,
      label: merged.label,
      pick: merged.pick,
      score: photo.score === null ? null : Math.round(photo.score * 10) / 10,
      verdict,
      source,
      subjects: unique([...theirSubjects.filter((subject) => !ourOldKeywords.has(subject)), ...photo.tags]),
      hierarchicalSubjects: unique([...theirHierarchy.filter((entry) => !entry.startsWith(`${KEYWORD_PARENT}|`)), ...photo.tags.map((tag) => `${KEYWORD_PARENT}|${tag}`)]),
    };

    const baseAfter = marksToXmp(this.marksToWrite(photo, settings));
    const same = existing !== null && sameFields(existing, next);
    if (same && untouched) return { unchanged: true, adopted: adopted.length > 0 };
    if (!same) await writeXmpSidecarAtomically(sidecar, next, exists);
    const info = await stat(sidecar);
    this.records.saveSidecar({ sidecarPath: sidecar, photoPath, fileSize: info.size, mtimeMs: info.mtimeMs, sha256: await sha256File(sidecar), fields: baseAfter, written: next });
    return { unchanged: same, adopted: adopted.length > 0 };
  }

  private summary(photoId: number): PhotoSummary {
    const [photo] = this.library.summaries([photoId]);
    if (!photo) throw new EngineError('file_not_found', `no photo with id ${photoId} in the catalog`);
    return photo;
  }

  /** The user's marks, or for an unmarked photo the auto-cull's (when it is on). */
  private marksToWrite(photo: PhotoSummary, settings: Pick<XmpSettings, 'autoCull'>): PhotoMarks {
    if (hasUserMarks(photo) || !settings.autoCull.enabled) return { mark: photo.mark, stars: photo.stars, label: photo.label };
    return autoCullMarks(settings.autoCull, photo);
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function sameFields(a: XmpFields, b: XmpFields): boolean {
  const norm = (fields: XmpFields) =>
    JSON.stringify([fields.rating ?? 0, fields.label, fields.pick, fields.score, fields.verdict, fields.source, [...fields.subjects].sort(), [...fields.hierarchicalSubjects].sort()]);
  return norm(a) === norm(b);
}
