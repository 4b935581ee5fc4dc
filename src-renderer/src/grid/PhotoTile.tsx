import { memo } from 'react';
import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { LabelBadge } from '../common/LabelControls.tsx';
import { MarkIndicator, StarsIndicator } from '../common/MarkIndicators.tsx';
import { formatScore, humanize, ratingClassName } from '../common/format.ts';
import { personalTitle } from '../learning/personal-title.ts';
import { TEST_IDS } from '../test-ids.ts';
import { StackBadge } from './StackBadge.tsx';

/** Short enough that two badges and the content level fit the narrowest tile (never cut mid-word). */
const SHORT_ISSUES: Record<string, string> = {
  low_resolution: 'low res',
  overexposed: 'bright',
  underexposed: 'dark',
  low_contrast: 'flat',
  letterboxed: 'bars',
  eyes_closed: 'eyes shut',
  no_face: 'no face',
};

function shortIssue(issue: string): string {
  return SHORT_ISSUES[issue] ?? issue.replaceAll('_', ' ');
}

type PhotoTileProps = {
  /** Undefined while its page is still loading. */
  photo: PhotoSummary | undefined;
  index: number;
  selected: boolean;
  /** One of several photos selected together (a batch mark applies to it). */
  multiSelected?: boolean;
  width: number;
  onSelect: (index: number, modifiers: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }) => void;
  onOpen: (index: number) => void;
};

/**
 * One grid cell. Takes everything as props and is memoised, so a mark on one photo re-renders one
 * tile, not thousands; the thumbnail is lazy and decoded off the main thread.
 */
export const PhotoTile = memo(function PhotoTile({ photo, index, selected, multiSelected = false, width, onSelect, onOpen }: PhotoTileProps) {
  if (!photo) return <div className="tile tile-loading" style={{ width }} aria-busy="true" />;
  const failed = photo.status === 'failed';
  return (
    <div
      className={`tile ${selected ? 'tile-selected' : ''} ${photo.mark === 'reject' ? 'tile-rejected' : ''} ${multiSelected ? 'tile-multi' : ''}`}
      style={{ width }}
      data-testid={TEST_IDS.gridTile}
      data-photo-id={photo.id}
      data-score={photo.score ?? ''}
      data-verdict={photo.personal ? photo.personal.verdict : ''}
      data-name={photo.name}
      data-selected={selected}
      data-multi-selected={multiSelected}
      onClick={(event) => onSelect(index, event)}
      onDoubleClick={() => onOpen(index)}
      title={photo.path}
    >
      <div className="tile-thumb">
        {failed ? (
          <div className="tile-failed">
            <strong>{photo.errorCode ?? 'failed'}</strong>
            <span>{photo.errorMessage ?? 'This photo could not be rated.'}</span>
          </div>
        ) : photo.imageHash ? (
          <img src={bridge().mediaUrl('thumb', photo.imageHash)} alt={photo.name} loading="lazy" decoding="async" draggable={false} />
        ) : (
          <div className="tile-failed">no image hash</div>
        )}
        <span className={`tile-score ${ratingClassName(photo.rating)}`} data-testid={TEST_IDS.tileScore} title={personalTitle(photo) ?? (photo.rating ? `${photo.rating} rating` : 'not scored')}>
          {failed ? 'failed' : formatScore(photo.score)}
        </span>
        {photo.needsReview && !photo.reviewed && (
          <span className="needs-review-marker" data-testid={TEST_IDS.needsReviewMarker} title={photo.reviewReason ?? 'Needs review'}>
            review
          </span>
        )}
        <MarkIndicator mark={photo.mark} />
        <StackBadge photoId={photo.id} />
      </div>
      <div className="tile-caption">
        <span className="tile-name">{photo.name}</span>
        <div className="tile-badges">
          {photo.rawFormat && (
            <span
              className="raw-badge"
              data-testid={TEST_IDS.rawBadge}
              title={[photo.camera, photo.lens, ...(photo.pairFiles ?? [])].filter(Boolean).join(' · ') || 'Camera RAW'}
            >
              {photo.pairFiles?.length ? 'RAW+JPEG' : photo.rawFormat.toUpperCase()}
            </span>
          )}
          {photo.xmpLabel && (
            <span className="issue-badge" title={`Label from XMP: ${photo.xmpLabel}`}>
              {photo.xmpLabel}
            </span>
          )}
          {!failed && (
            <span
              className={`content-badge content-${photo.contentLevel ?? 'unknown'}`}
              data-testid={TEST_IDS.contentBadge}
              data-level={photo.contentLevel ?? 'unknown'}
              title={photo.contentLevel ? `Content: ${photo.contentLevel}` : 'Content not classified'}
            >
              {photo.contentLevel ?? 'n/a'}
            </span>
          )}
          {photo.issues.slice(0, 2).map((issue) => (
            <span key={issue} className="issue-badge" data-testid={TEST_IDS.issueBadge} title={humanize(issue)}>
              {shortIssue(issue)}
            </span>
          ))}
          {photo.issues.length > 2 && (
            <span className="issue-badge" title={photo.issues.slice(2).map(humanize).join(', ')}>
              +{photo.issues.length - 2}
            </span>
          )}
        </div>
        <StarsIndicator stars={photo.stars} />
        <LabelBadge label={photo.label} />
      </div>
    </div>
  );
});

