import type { CullRequest, MarkHistoryMove, MarkHistoryStatus, PhotoSummary } from '../../src-preload/contract/library-types.js';
import type { LibraryRepo } from '../engine/catalog/library.repo.js';
import type { MarkChange, MarkFields, MarkHistoryRepo } from '../engine/catalog/mark-history.repo.js';

export type CullChange = Omit<CullRequest, 'photoIds'>;

/** Thrown inside the step's transaction to roll it back when a request names an unknown photo. */
class UnknownPhoto extends Error {}

/** The fields a change sets, read off a photo's summary (cull request fields are summary fields by name). */
function pick(summary: PhotoSummary, fields: string[]): MarkFields {
  const row = summary as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, row[field] ?? null]));
}

function describeFields(fields: MarkFields): string {
  return Object.entries(fields)
    .map(([field, value]) => {
      if (field === 'mark') return value === null ? 'unflag' : String(value);
      if (field === 'stars') return value === 0 ? 'no stars' : `${String(value)} ${value === 1 ? 'star' : 'stars'}`;
      return value === null ? `no ${field}` : `${field} ${String(value)}`;
    })
    .join(', ');
}

/** "reject on 3 photos", or "pick on 1 photo, reject on 2 photos" for a compare winner. */
function describeStep(changes: MarkChange[]): string {
  const groups = new Map<string, number>();
  for (const change of changes) {
    const words = describeFields(change.after);
    groups.set(words, (groups.get(words) ?? 0) + 1);
  }
  return [...groups].map(([words, count]) => `${words} on ${count} ${count === 1 ? 'photo' : 'photos'}`).join(', ');
}

/**
 * Every mark change goes through here, so that each one (a key, a click, a batch over a thousand
 * photos, a compare winner) is one undo step, logged in the catalog next to the change itself, in
 * one transaction. Generic over the request's fields: what a step stores is the fields it set, as
 * they were and as they became, so labels and any later field are undone without new code.
 */
export class MarkHistory {
  constructor(
    private readonly repo: LibraryRepo,
    private readonly history: MarkHistoryRepo,
    /** The catalog write of a cull request; false when a photo is unknown (nothing changed then). */
    private readonly write: (photoIds: number[], change: CullChange) => boolean,
  ) {}

  /** cull:set: the photos as they are after the change, or null when a photo is unknown. */
  set(photoIds: number[], change: CullChange): PhotoSummary[] | null {
    return this.setEach([{ photoIds, ...change }]);
  }

  /**
   * cull:setEach: several requests as one step (compare's winner picked and the others rejected,
   * undone together); all or nothing, null when a photo is unknown.
   */
  setEach(requests: CullRequest[]): PhotoSummary[] | null {
    return this.history.transaction(() => {
      const changes = new Map<number, MarkChange>();
      for (const { photoIds, ...change } of requests) {
        const fields = Object.keys(change).filter((field) => (change as Record<string, unknown>)[field] !== undefined);
        const before = new Map(this.repo.summaries(photoIds).map((summary) => [summary.id, pick(summary, fields)]));
        // A thrown error rolls the whole step back, earlier requests included.
        if (!this.write(photoIds, change)) throw new UnknownPhoto();
        for (const summary of this.repo.summaries(photoIds)) {
          const entry = changes.get(summary.id) ?? { photoId: summary.id, before: {}, after: {} };
          entry.before = { ...before.get(summary.id)!, ...entry.before };
          entry.after = { ...entry.after, ...pick(summary, fields) };
          changes.set(summary.id, entry);
        }
      }
      const changed = [...changes.values()].filter((entry) => JSON.stringify(entry.before) !== JSON.stringify(entry.after));
      if (changed.length > 0) this.history.record(changed);
      return this.repo.summaries([...changes.keys()]);
    }, UnknownPhoto);
  }

  undo(): MarkHistoryMove {
    return this.move('undo');
  }

  redo(): MarkHistoryMove {
    return this.move('redo');
  }

  status(): MarkHistoryStatus {
    const { done, undone } = this.history.counts();
    return { canUndo: done > 0, canRedo: undone > 0 };
  }

  private move(direction: 'undo' | 'redo'): MarkHistoryMove {
    return this.history.transaction(() => {
      const step = direction === 'undo' ? this.history.lastDone() : this.history.firstUndone();
      if (!step) return { photos: [], description: null, ...this.status() };
      // Photos removed from the library since are skipped; the others go back (or forward).
      const present = new Set(this.repo.summaries(step.changes.map((change) => change.photoId)).map((summary) => summary.id));
      for (const change of step.changes) {
        if (present.has(change.photoId)) this.write([change.photoId], (direction === 'undo' ? change.before : change.after) as CullChange);
      }
      this.history.setUndone(step.stepId, direction === 'undo');
      const photos = this.repo.summaries([...present]);
      return { photos, description: describeStep(step.changes), ...this.status() };
    });
  }
}
