import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { plainReviewReason, plainVerdict } from '../common/plain-verdict.ts';

/** The verdict as a photographer says it; the numbers and formulas follow, folded. */
export function PlainVerdictSection({ photo, result }: { photo: PhotoSummary; result: RatingResult }) {
  const verdict = plainVerdict(photo, result);
  return (
    <section className="facts plain-verdict" data-testid="plain-verdict">
      <p className="plain-sentence">{verdict.sentence}</p>
      {result.needs_review && <p className="muted">The app asks you to review it: {plainReviewReason(result.review_reason).replace(/^./, (first) => first.toLowerCase())}</p>}
    </section>
  );
}
