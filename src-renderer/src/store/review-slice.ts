import { PHOTO_PAGE_LIMIT, type FeedbackRequest, type PhotoSummary } from '../../../src-preload/contract/library-types.js';
import type { DimensionKey } from '../../../src-preload/contract/rating-result.js';
import { bridge } from '../bridge.ts';
import { describeError } from '../common/errors.ts';
import type { SliceCreator } from './slice.ts';

export type ReviewDraft = {
  thumbs: 'up' | 'down' | null;
  /** 0–100, or null to leave the score uncorrected. */
  userScore: number | null;
  /** 0–10 per dimension the reviewer chose to correct. */
  dimensionFeedback: Partial<Record<DimensionKey, number>>;
};

const EMPTY_DRAFT: ReviewDraft = { thumbs: null, userScore: null, dimensionFeedback: {} };

export type ReviewSlice = {
  /**
   * The queue as it was when the reviewer opened it, plus photos that became pending since.
   * A snapshot rather than a live query, so that submitting one photo does not reshuffle the rest.
   */
  reviewQueue: PhotoSummary[] | null;
  /** More photos are pending than one page holds. */
  reviewTruncatedAt: number | null;
  reviewError: string | null;
  reviewIndex: number;
  /** Photos whose feedback was saved in this session. */
  reviewSubmitted: Set<number>;
  reviewDraft: ReviewDraft;
  reviewSubmitting: boolean;
  loadReviewQueue: () => Promise<void>;
  /** Merge newly pending photos in without moving the reviewer. */
  refreshReviewQueue: () => Promise<void>;
  dropFromReview: (photoIds: number[]) => void;
  reviewMove: (delta: number) => void;
  setDraftThumbs: (thumbs: 'up' | 'down') => void;
  setDraftScore: (score: number | null) => void;
  setDraftDimension: (dimension: DimensionKey, value: number | null) => void;
  submitReview: () => Promise<void>;
  replaceReviewSummaries: (summaries: PhotoSummary[]) => void;
};

const pendingQuery = {
  sort: 'score',
  direction: 'desc',
  needsReview: true,
  review: 'pending',
  offset: 0,
  limit: PHOTO_PAGE_LIMIT,
} as const;

export const createReviewSlice: SliceCreator<ReviewSlice> = (set, get) => ({
  reviewQueue: null,
  reviewTruncatedAt: null,
  reviewError: null,
  reviewIndex: 0,
  reviewSubmitted: new Set(),
  reviewDraft: EMPTY_DRAFT,
  reviewSubmitting: false,
  loadReviewQueue: async () => {
    const reply = await bridge().photosList(pendingQuery);
    if (!reply.ok) {
      set({ reviewError: describeError(reply.error) });
      return;
    }
    const { items, total } = reply.value;
    set({
      reviewQueue: items,
      reviewTruncatedAt: total > items.length ? items.length : null,
      reviewError: null,
      reviewIndex: 0,
      reviewSubmitted: new Set(),
      reviewDraft: EMPTY_DRAFT,
    });
  },
  refreshReviewQueue: async () => {
    if (get().reviewQueue === null) return;
    const reply = await bridge().photosList(pendingQuery);
    if (!reply.ok) return;
    set((state) => {
      const queue = state.reviewQueue ?? [];
      const fresh = new Map(reply.value.items.map((item) => [item.id, item]));
      const known = new Set(queue.map((item) => item.id));
      const added = reply.value.items.filter((item) => !known.has(item.id));
      return { reviewQueue: [...queue.map((item) => fresh.get(item.id) ?? item), ...added] };
    });
  },
  dropFromReview: (photoIds) =>
    set((state) => {
      if (!state.reviewQueue) return {};
      const gone = new Set(photoIds);
      const current = state.reviewQueue[state.reviewIndex];
      const reviewQueue = state.reviewQueue.filter((item) => !gone.has(item.id));
      if (reviewQueue.length === state.reviewQueue.length) return {};
      const stillThere = current ? reviewQueue.indexOf(current) : -1;
      const changedPhoto = stillThere < 0;
      return {
        reviewQueue,
        reviewIndex: changedPhoto ? Math.min(state.reviewIndex, Math.max(0, reviewQueue.length - 1)) : stillThere,
        ...(changedPhoto ? { reviewDraft: EMPTY_DRAFT } : {}),
      };
    }),
  reviewMove: (delta) =>
    set((state) => {
      const length = state.reviewQueue?.length ?? 0;
      const reviewIndex = Math.max(0, Math.min(state.reviewIndex + delta, length - 1));
      return reviewIndex === state.reviewIndex ? {} : { reviewIndex, reviewDraft: EMPTY_DRAFT };
    }),
  setDraftThumbs: (thumbs) =>
    set((state) => ({ reviewDraft: { ...state.reviewDraft, thumbs: state.reviewDraft.thumbs === thumbs ? null : thumbs } })),
  setDraftScore: (userScore) => set((state) => ({ reviewDraft: { ...state.reviewDraft, userScore } })),
  setDraftDimension: (dimension, value) =>
    set((state) => {
      const dimensionFeedback = { ...state.reviewDraft.dimensionFeedback };
      if (value === null) delete dimensionFeedback[dimension];
      else dimensionFeedback[dimension] = value;
      return { reviewDraft: { ...state.reviewDraft, dimensionFeedback } };
    }),
  submitReview: async () => {
    const { reviewQueue, reviewIndex, reviewDraft, reviewSubmitting } = get();
    const photo = reviewQueue?.[reviewIndex];
    // Feedback with neither thumbs nor a correction would teach nothing: Enter does nothing then.
    const hasAnswer = reviewDraft.thumbs !== null || reviewDraft.userScore !== null || Object.keys(reviewDraft.dimensionFeedback).length > 0;
    if (!photo || reviewSubmitting || !hasAnswer) return;
    const request: FeedbackRequest = { photoId: photo.id };
    if (reviewDraft.thumbs) request.thumbs = reviewDraft.thumbs;
    if (reviewDraft.userScore !== null) request.userScore = reviewDraft.userScore;
    if (Object.keys(reviewDraft.dimensionFeedback).length > 0) request.dimensionFeedback = reviewDraft.dimensionFeedback;
    set({ reviewSubmitting: true });
    const reply = await bridge().feedbackSubmit(request);
    set({ reviewSubmitting: false });
    if (!reply.ok) {
      get().reportError('The review was not saved', reply.error);
      return;
    }
    set((state) => {
      const reviewSubmitted = new Set(state.reviewSubmitted).add(photo.id);
      const queue = state.reviewQueue ?? [];
      // Next photo still waiting, after this one first, then wrapping round to any skipped earlier.
      const order = [...queue.keys()].slice(state.reviewIndex + 1).concat([...queue.keys()].slice(0, state.reviewIndex));
      const next = order.find((index) => !reviewSubmitted.has(queue[index]!.id));
      return { reviewSubmitted, reviewIndex: next ?? state.reviewIndex, reviewDraft: EMPTY_DRAFT };
    });
    get().reloadDetailIfShown([photo.id]);
  },
  replaceReviewSummaries: (summaries) =>
    set((state) => {
      if (!state.reviewQueue) return {};
      const byId = new Map(summaries.map((summary) => [summary.id, summary]));
      return { reviewQueue: state.reviewQueue.map((item) => byId.get(item.id) ?? item) };
    }),
});
