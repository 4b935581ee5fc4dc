import type { PhotoGroupView, PhotoQuery } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import type { SliceCreator } from './slice.ts';

export type GroupsSlice = {
  /** The library's bursts of two or more frames. */
  groups: PhotoGroupView[];
  /** Photo id → its burst. Replaced, never mutated. */
  stackOf: Map<number, PhotoGroupView>;
  /** Bursts show as their best frame only, except those the user opened. */
  stacksCollapsed: boolean;
  expandedGroups: ReadonlySet<number>;
  loadGroups: () => Promise<void>;
  /** Opens the selected photo's stack, or closes it (the selection stays on the stack). */
  toggleStack: (photoId: number) => void;
  setStacksCollapsed: (collapsed: boolean) => void;
  /** One key per stack: pick its best frame and reject the others, through cull:set. */
  pickBestRejectRest: (photoId: number) => Promise<void>;
  /** Split, merge or detach frames (persisted; kept when the library is grouped again). */
  editGroups: (action: 'split' | 'merge' | 'detach', photoIds: number[]) => Promise<void>;
};

/** The part of the grid's query that collapses stacks. */
export function stackQuery(state: Pick<GroupsSlice, 'stacksCollapsed' | 'expandedGroups'>): Pick<PhotoQuery, 'collapseStacks' | 'expandedGroups'> {
  return state.stacksCollapsed ? { collapseStacks: true, expandedGroups: [...state.expandedGroups] } : {};
}

function indexGroups(groups: PhotoGroupView[]): Map<number, PhotoGroupView> {
  const stackOf = new Map<number, PhotoGroupView>();
  for (const group of groups) for (const id of group.photoIds) stackOf.set(id, group);
  return stackOf;
}

export const createGroupsSlice: SliceCreator<GroupsSlice> = (set, get) => {
  const applyGroups = (groups: PhotoGroupView[]) => {
    const ids = new Set(groups.map((group) => group.id));
    set((state) => ({ groups, stackOf: indexGroups(groups), expandedGroups: new Set([...state.expandedGroups].filter((id) => ids.has(id))) }));
    get().refreshPhotos();
  };
  return {
    groups: [],
    stackOf: new Map(),
    stacksCollapsed: true,
    expandedGroups: new Set(),
    loadGroups: async () => {
      const reply = await bridge().groupsList();
      if (!reply.ok) {
        get().reportError('The bursts did not load', reply.error);
        return;
      }
      applyGroups(reply.value);
    },
    toggleStack: (photoId) => {
      const group = get().stackOf.get(photoId);
      if (!group) return;
      const expanded = new Set(get().expandedGroups);
      if (expanded.has(group.id)) expanded.delete(group.id);
      else expanded.add(group.id);
      set({ expandedGroups: expanded });
      get().refreshPhotos();
    },
    setStacksCollapsed: (collapsed) => {
      set({ stacksCollapsed: collapsed, expandedGroups: new Set() });
      get().refreshPhotos();
    },
    pickBestRejectRest: async (photoId) => {
      const group = get().stackOf.get(photoId);
      if (!group) return;
      const rest = group.photoIds.filter((id) => id !== group.bestPhotoId);
      for (const [photoIds, mark] of [[[group.bestPhotoId], 'pick'], [rest, 'reject']] as const) {
        const reply = await bridge().cullSet({ photoIds: [...photoIds], mark });
        if (!reply.ok) {
          get().reportError('The stack was not culled', reply.error);
          return;
        }
        get().showSummaries(reply.value);
      }
    },
    editGroups: async (action, photoIds) => {
      const reply = await bridge().groupsEdit({ action, photoIds });
      if (!reply.ok) {
        get().reportError('The stack was not changed', reply.error);
        return;
      }
      applyGroups(reply.value);
    },
  };
};
