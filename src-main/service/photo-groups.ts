import path from 'node:path';
import type { GroupEditRequest, PhotoGroupView } from '../../src-preload/contract/library-types.js';
import type { ResultGroup } from '../../src-preload/contract/rating-result.js';
import type { GroupEdit, GroupingRow, GroupsRepo, StoredGroup } from '../engine/catalog/groups.repo.js';
import { chooseBest, type FrameFacts } from '../engine/grouping/best-frame.js';
import type { FrameRanker } from '../engine/learning/frame-ranker.js';
import {
  captureTimeMs,
  compareCapture,
  compareNames,
  groupPhotos,
  UNTIMED_WINDOW,
  wouldLink,
  type GroupingConstraints,
  type GroupingPhoto,
} from '../engine/grouping/group-photos.js';
import { resultGroupOf } from '../engine/grouping/library-group.js';
import { SCENE_GAP_S } from '../engine/grouping/similarity.js';

type NewGroup = { photoIds: number[]; ranks: number[]; reason: string };

export type GroupEditOutcome = { ok: true; groups: PhotoGroupView[] } | { ok: false; message: string };

function groupingPhoto(row: GroupingRow): GroupingPhoto {
  return {
    key: String(row.id),
    folder: path.dirname(row.path),
    name: path.basename(row.path),
    capturedAtMs: captureTimeMs(row.capturedAt),
    perceptualHash: row.perceptualHash,
    colourSignature: row.colour,
    embeddings: row.embeddings,
  };
}

/** `YYYY-MM-DDTHH:MM:SS` of a capture time shifted by some seconds (the catalog's text form). */
function shiftedCaptureTime(milliseconds: number, seconds: number): string {
  return new Date(milliseconds + seconds * 1000).toISOString().slice(0, 19);
}

/**
 * The library's bursts: grouped once for a library that has none yet, then kept up to date one
 * photo at a time as files arrive (a new frame is compared with the frames around it, never the
 * whole library), and edited by the user, whose edits are stored as constraints that every later
 * grouping keeps.
 */
export class PhotoGroups {
  /** `frameRanker`: the user's adopted pairwise ranker (learning from feedback), when there is one. */
  constructor(
    private readonly repo: GroupsRepo,
    private readonly frameRanker: () => FrameRanker | null = () => null,
  ) {}

  /** Ranks every stored group again (the frame ranker changed); groups keep their ids and members. */
  rerankAll(): void {
    const ranker = this.frameRanker();
    this.repo.transaction(() => {
      for (const group of this.repo.groups()) this.repo.replaceGroupsOf(group.photoIds, [ranked(group.photoIds, this.repo.frameFacts(group.photoIds), ranker)]);
    });
  }

  list(): PhotoGroupView[] {
    this.repo.pruneSmallGroups();
    return this.repo.groups().map(view);
  }

  /** The `group` field of a photo's result; null when it stands alone. */
  resultGroup(photoId: number): ResultGroup | null {
    const groupId = this.repo.groupIdsOf([photoId]).get(photoId);
    if (groupId === undefined) return null;
    const group = this.repo.group(groupId);
    return group && resultGroupOf(group, photoId);
  }

  /** Groups the whole library again (the user's edits kept). */
  regroupAll(): PhotoGroupView[] {
    const rows = this.repo.groupingRows();
    const indexOf = new Map(rows.map((row, index) => [row.id, index]));
    const { groups } = groupPhotos(rows.map(groupingPhoto), this.constraints(indexOf));
    const bursts = groups.filter((members) => members.length > 1).map((members) => members.map((index) => rows[index]!.id));
    const results = this.repo.frameFacts(bursts.flat());
    const ranker = this.frameRanker();
    this.repo.replaceAll(bursts.map((photoIds) => ranked(photoIds, results, ranker)));
    return this.list();
  }

  /**
   * A photo was rated (new or changed): it leaves any group it was in and joins the groups of the
   * frames it links to — those taken within SCENE_GAP_S of it, or its neighbours by name in its
   * folder when it has no capture time. Returns whether any group changed.
   */
  photoArrived(photoId: number): boolean {
    const row = this.repo.groupingRow(photoId);
    const previous = this.repo.groupIdsOf([photoId]).get(photoId);
    if (previous !== undefined) this.rerankWithout(previous, [photoId]);
    if (!row) return previous !== undefined;
    const edits = this.repo.edits();
    if (edits.some((edit) => edit.kind === 'alone' && edit.photoA === photoId)) return previous !== undefined;

    const photo = groupingPhoto(row);
    const linked = this.candidates(row, photo).filter((candidate) => wouldLink(photo, groupingPhoto(candidate)));
    const apart = new Set(edits.filter((edit) => edit.kind === 'apart' && (edit.photoA === photoId || edit.photoB === photoId)).map((edit) => (edit.photoA === photoId ? edit.photoB! : edit.photoA)));
    const alone = new Set(edits.filter((edit) => edit.kind === 'alone').map((edit) => edit.photoA));
    const groupOf = this.repo.groupIdsOf(linked.map((candidate) => candidate.id));
    const members = new Set<number>([photoId]);
    for (const candidate of linked) {
      if (alone.has(candidate.id)) continue;
      const groupId = groupOf.get(candidate.id);
      const joining = groupId === undefined ? [candidate.id] : this.repo.membersOf(groupId);
      if (joining.some((id) => apart.has(id))) continue;
      for (const id of joining) members.add(id);
    }
    if (members.size < 2) return previous !== undefined;
    this.store([...members]);
    return true;
  }

  edit(request: GroupEditRequest): GroupEditOutcome {
    if (request.action === 'regroup') return { ok: true, groups: this.regroupAll() };
    const photoIds = [...new Set(request.photoIds)];
    const known = this.repo.groupingRowsFor(photoIds);
    if (known.length !== photoIds.length) return { ok: false, message: 'one or more of those photos are not rated photos of the library; nothing was changed' };
    return this.repo.transaction((): GroupEditOutcome => {
      switch (request.action) {
        case 'split': {
          const groupIds = new Set(this.repo.groupIdsOf(photoIds).values());
          if (groupIds.size !== 1 || this.repo.groupIdsOf(photoIds).size !== photoIds.length) {
            return { ok: false, message: 'split takes frames of one group' };
          }
          const [groupId] = [...groupIds];
          const rest = this.repo.membersOf(groupId!).filter((id) => !photoIds.includes(id));
          if (rest.length === 0) return { ok: false, message: 'those are all the frames of the group: nothing to split off' };
          this.repo.dropEdits('together', photoIds, true);
          this.repo.addEdits([
            ...photoIds.flatMap((a) => rest.map((b): GroupEdit => ({ kind: 'apart', photoA: a, photoB: b }))),
            ...chain(photoIds, 'together'),
          ]);
          this.store(photoIds);
          this.store(rest);
          break;
        }
        case 'merge': {
          const groupOf = this.repo.groupIdsOf(photoIds);
          const members = new Set(photoIds);
          for (const groupId of new Set(groupOf.values())) for (const id of this.repo.membersOf(groupId)) members.add(id);
          const all = [...members];
          this.repo.dropEdits('apart', all);
          this.repo.dropEdits('alone', all);
          this.repo.addEdits(chain(photoIds, 'together'));
          this.store(all);
          break;
        }
        case 'detach': {
          const groupOf = this.repo.groupIdsOf(photoIds);
          for (const id of photoIds) this.repo.dropEdits('together', [id], true);
          this.repo.dropEdits('alone', photoIds);
          this.repo.addEdits(photoIds.map((id): GroupEdit => ({ kind: 'alone', photoA: id, photoB: null })));
          for (const groupId of new Set(groupOf.values())) this.rerankWithout(groupId, photoIds);
          break;
        }
      }
      return { ok: true, groups: this.list() };
    });
  }

  /**
   * The frames a new photo is compared with: those near it in time (when it has a time) and its
   * neighbours by name in its folder — all of them when it has no time, else those without one.
   */
  private candidates(row: GroupingRow, photo: GroupingPhoto): GroupingRow[] {
    const timed = photo.capturedAtMs !== null;
    const near = timed
      ? this.repo.groupingRowsBetween(shiftedCaptureTime(photo.capturedAtMs!, -SCENE_GAP_S), shiftedCaptureTime(photo.capturedAtMs!, SCENE_GAP_S))
      : [];
    const folderId = this.repo.folderOf(row.id);
    if (folderId === null) return near.filter((candidate) => candidate.id !== row.id);
    // Twice the window from SQL (its NOCASE order differs a little from the numeric one), then the window.
    const inFolder = [row, ...this.repo.neighboursByName(folderId, photo.name, 2 * UNTIMED_WINDOW, timed)]
      .filter((candidate) => path.dirname(candidate.path) === photo.folder)
      .sort((a, b) => compareNames(path.basename(a.path), path.basename(b.path)) || a.id - b.id);
    const at = inFolder.findIndex((candidate) => candidate.id === row.id);
    const byName = inFolder.slice(Math.max(0, at - UNTIMED_WINDOW), at + UNTIMED_WINDOW + 1);
    const unique = new Map([...near, ...byName].filter((candidate) => candidate.id !== row.id).map((candidate) => [candidate.id, candidate]));
    return [...unique.values()];
  }

  /** Stores these photos as one group (ordered and ranked), taking them out of their old groups. */
  private store(photoIds: number[]): void {
    const rows = this.repo.groupingRowsFor(photoIds).map((row) => ({ id: row.id, photo: groupingPhoto(row) }));
    rows.sort((a, b) => compareCapture(a.photo, b.photo) || a.id - b.id);
    const ordered = rows.map((row) => row.id);
    const orphans = new Set<number>();
    for (const groupId of new Set(this.repo.groupIdsOf(ordered).values())) {
      for (const id of this.repo.membersOf(groupId)) if (!photoIds.includes(id)) orphans.add(id);
    }
    this.repo.replaceGroupsOf(ordered, [ranked(ordered, this.repo.frameFacts(ordered), this.frameRanker())]);
    // Frames of the old groups that were not taken along keep their own group, ranked again.
    if (orphans.size > 1) this.store([...orphans]);
  }

  private rerankWithout(groupId: number, leaving: number[]): void {
    const rest = this.repo.membersOf(groupId).filter((id) => !leaving.includes(id));
    this.repo.replaceGroupsOf([...leaving, ...rest], rest.length > 1 ? [ranked(rest, this.repo.frameFacts(rest), this.frameRanker())] : []);
  }

  private constraints(indexOf: Map<number, number>): GroupingConstraints {
    const together: Array<[number, number]> = [];
    const apart: Array<[number, number]> = [];
    const alone = new Set<number>();
    for (const edit of this.repo.edits()) {
      const a = indexOf.get(edit.photoA);
      const b = edit.photoB === null ? undefined : indexOf.get(edit.photoB);
      if (a === undefined) continue;
      if (edit.kind === 'alone') alone.add(a);
      else if (b !== undefined) (edit.kind === 'together' ? together : apart).push([a, b]);
    }
    return { together, apart, alone };
  }
}

function chain(photoIds: number[], kind: 'together'): GroupEdit[] {
  return photoIds.slice(1).map((id, index) => ({ kind, photoA: photoIds[index]!, photoB: id }));
}

/** Ranks a group's frames (given in capture order) from its members' results: by the user's ranker when one is adopted. */
function ranked(photoIds: number[], facts: Map<number, FrameFacts>, ranker: FrameRanker | null): NewGroup {
  const present = photoIds.filter((id) => facts.has(id));
  const { order, reason } = (present.length > 1 ? ranker?.(present) : null) ?? chooseBest(present.map((id) => facts.get(id)!));
  const ranks = new Array<number>(present.length);
  order.forEach((position, rank) => (ranks[position] = rank + 1));
  return { photoIds: present, ranks, reason };
}

function view(group: StoredGroup): PhotoGroupView {
  const best = group.ranks.indexOf(Math.min(...group.ranks));
  return { id: group.id, photoIds: group.photoIds, ranks: group.ranks, bestPhotoId: group.photoIds[best]!, reason: group.reason };
}
