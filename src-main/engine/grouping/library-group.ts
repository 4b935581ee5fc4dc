import type { ResultGroup } from '../../../src-preload/contract/rating-result.js';
import type { GroupsRepo, StoredGroup } from '../catalog/groups.repo.js';

/** The library setting that says its bursts have been grouped (the first `groups:list` groups them). */
export const LIBRARY_GROUPED_SETTING = 'groups.grouped';

/** A stored burst as one frame's `group` field. */
export function resultGroupOf(group: StoredGroup, photoId: number): ResultGroup | null {
  const at = group.photoIds.indexOf(photoId);
  if (at < 0 || group.photoIds.length < 2) return null;
  const rank = group.ranks[at]!;
  return { id: group.id, size: group.photoIds.length, rank, best: rank === Math.min(...group.ranks), reason: group.reason };
}

/** A photo's burst, or why it has none (the reason goes into the result's `unavailable`). */
export type LibraryGroup = { group: ResultGroup; whyNull: null } | { group: null; whyNull: string };

/**
 * The burst of the library photo holding these bytes. Bytes rated on their own (an upload, a URL)
 * have no folder to be grouped with, so the answer comes from the library: when the same bytes are
 * a photo of one of its folders, their group there; a copy in two folders answers with the first
 * that is in a group.
 */
export function libraryGroupOfImage(repo: GroupsRepo, imageHash: string): LibraryGroup {
  const photoIds = repo.libraryPhotosWithHash(imageHash);
  if (photoIds.length === 0) {
    return { group: null, whyNull: 'this image is not a photo of the library: bytes rated on their own have no neighbouring frames to be grouped with (add its folder to the library, or rate the folder with `culler rate --group`)' };
  }
  if (repo.setting(LIBRARY_GROUPED_SETTING) !== true) {
    return { group: null, whyNull: 'the library’s bursts have not been grouped yet: they are grouped the first time the app shows the library' };
  }
  const groupOf = repo.groupIdsOf(photoIds);
  for (const photoId of photoIds) {
    const groupId = groupOf.get(photoId);
    const stored = groupId === undefined ? null : repo.group(groupId);
    const group = stored && resultGroupOf(stored, photoId);
    if (group) return { group, whyNull: null };
  }
  return { group: null, whyNull: 'it stands alone in the library: no near-identical frame was taken around it (or the user detached it)' };
}
