import { useEffect, type FormEvent } from 'react';
import { CullControls } from '../common/CullControls.tsx';
import { formatScore, ratingClassName } from '../common/format.ts';
import { PreviewWithFaces } from '../detail/PreviewWithFaces.tsx';
import { RadarChart } from '../detail/RadarChart.tsx';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';
import { EarlierAnswer } from './EarlierAnswer.tsx';
import { ReviewCorrections } from './ReviewCorrections.tsx';
import { plainReviewReason } from '../common/plain-verdict.ts';

/**
 * Borderline photos, one at a time: the app says why it was unsure, the person answers with thumbs
 * and optional corrections, and the next one comes up.
 */
export function ReviewView() {
  const queue = useAppStore((state) => state.reviewQueue);
  const truncatedAt = useAppStore((state) => state.reviewTruncatedAt);
  const error = useAppStore((state) => state.reviewError);
  const index = useAppStore((state) => state.reviewIndex);
  const submitted = useAppStore((state) => state.reviewSubmitted);
  const draft = useAppStore((state) => state.reviewDraft);
  const submitting = useAppStore((state) => state.reviewSubmitting);
  const detail = useAppStore((state) => state.detail);
  const { loadReviewQueue, loadDetail, reviewMove, setDraftThumbs, submitReview } = useAppStore.getState();

  useEffect(() => {
    void useAppStore.getState().loadReviewQueue();
  }, []);

  const photo = queue?.[index];
  const photoId = photo?.id ?? null;
  useEffect(() => {
    if (photoId !== null) void loadDetail(photoId);
  }, [photoId, loadDetail]);

  if (error) return <section className="review-view page" data-testid={TEST_IDS.reviewView}><p className="notice notice-error">The review queue did not load. {error}</p></section>;
  if (queue === null) return <section className="review-view page" data-testid={TEST_IDS.reviewView}><p className="muted">Loading the review queue…</p></section>;
  if (!photo) {
    return (
      <section className="review-view page" data-testid={TEST_IDS.reviewView}>
        <p className="empty">Nothing waits for review: every borderline photo has an answer.</p>
      </section>
    );
  }

  const result = detail && detail.photo.id === photo.id ? detail.result : null;
  const isSubmitted = submitted.has(photo.id);
  const allDone = queue.every((item) => submitted.has(item.id));
  const hasAnswer = draft.thumbs !== null || draft.userScore !== null || Object.keys(draft.dimensionFeedback).length > 0;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submitReview();
  };

  return (
    <section className="review-view" data-testid={TEST_IDS.reviewView} data-photo-id={photo.id}>
      <header className="review-bar">
        <h2>Review</h2>
        <button type="button" className="secondary small" onClick={() => reviewMove(-1)} disabled={index === 0} title="Previous (←)">
          ‹
        </button>
        <span className="review-progress" data-testid={TEST_IDS.reviewProgress} data-index={index + 1} data-count={queue.length}>
          {index + 1} of {queue.length}
          {truncatedAt !== null && '+'}
        </span>
        <button type="button" className="secondary small" onClick={() => reviewMove(1)} disabled={index >= queue.length - 1} title="Next (→)">
          ›
        </button>
        <span className="muted">
          {submitted.size} submitted{allDone ? ' — all done' : ''}
        </span>
        <button type="button" className="ghost small" onClick={() => void loadReviewQueue()}>
          Reload queue
        </button>
      </header>
      <div className="review-body">
        <div className="detail-stage">
          <PreviewWithFaces imageHash={photo.imageHash} name={photo.name} width={result?.quality.width ?? photo.width} height={result?.quality.height ?? photo.height} faces={result?.faces ?? null} />
        </div>
        <form className="review-panel" onSubmit={onSubmit}>
          <h3 className="review-question">Keep this photo?</h3>
          <p className="review-reason" data-testid={TEST_IDS.reviewReason} title={photo.reviewReason ?? undefined}>
            {plainReviewReason(photo.reviewReason)}
          </p>
          <EarlierAnswer photo={photo} />
          <div className="review-summary">
            <span className="review-name" title={photo.path}>
              {photo.name}
            </span>
            <span className={`rating-pill ${ratingClassName(photo.rating)}`}>
              {formatScore(photo.score)} {photo.rating ?? ''}
            </span>
            {isSubmitted && <span className="ok">submitted</span>}
          </div>
          <div className="thumbs">
            <button type="button" className={`thumb ${draft.thumbs === 'up' ? 'thumb-on-up' : ''}`} data-testid={TEST_IDS.thumbsUp} aria-pressed={draft.thumbs === 'up'} onClick={() => setDraftThumbs('up')}>
              ▲ Right <kbd>T</kbd>
            </button>
            <button type="button" className={`thumb ${draft.thumbs === 'down' ? 'thumb-on-down' : ''}`} data-testid={TEST_IDS.thumbsDown} aria-pressed={draft.thumbs === 'down'} onClick={() => setDraftThumbs('down')}>
              ▼ Wrong <kbd>D</kbd>
            </button>
          </div>
          <ReviewCorrections appScore={photo.score} appDimensions={result?.dimension_scores ?? null} />
          <button type="submit" className="primary" data-testid={TEST_IDS.reviewSubmit} disabled={submitting || !hasAnswer} title={hasAnswer ? undefined : 'Give thumbs or a correction first'}>
            {submitting ? 'Saving…' : 'Submit and next'} <kbd>Enter</kbd>
          </button>
          <CullControls photo={photo} />
          {result && <RadarChart scores={result.dimension_scores} showMissing={false} />}
        </form>
      </div>
    </section>
  );
}
