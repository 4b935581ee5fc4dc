import type { PhotoDetail } from '../../../src-preload/contract/library-types.js';
import { DimensionList } from './DimensionList.tsx';
import { ContentSection, QualitySection, SourceSection } from './MeasureSections.tsx';
import { AnalyzersSection, FeedbackHistory, UnavailableSection } from './ProvenanceSections.tsx';
import { RadarChart } from './RadarChart.tsx';
import { TagsSection, VerdictSection, WhySection } from './VerdictSections.tsx';

/** Everything the rating result says about one photo, in the order a culler asks about it. */
export function ResultPanel({ detail }: { detail: PhotoDetail }) {
  const { result, photo, feedback } = detail;
  if (!result) {
    return (
      <div className="result-panel">
        <section className="notice notice-error">
          <h3>This photo could not be rated</h3>
          <p>
            <code>{photo.errorCode ?? 'unknown_error'}</code> {photo.errorMessage ?? ''}
          </p>
          <p className="muted">{photo.path}</p>
        </section>
        <FeedbackHistory feedback={feedback} />
      </div>
    );
  }
  return (
    <div className="result-panel">
      <VerdictSection result={result} />
      <section className="facts">
        <h3>Dimensions</h3>
        <RadarChart scores={result.dimension_scores} />
        <DimensionList scores={result.dimension_scores} why={result.why} unavailable={result.unavailable} />
      </section>
      <TagsSection result={result} />
      <ContentSection result={result} />
      <QualitySection result={result} />
      <WhySection result={result} />
      <AnalyzersSection result={result} />
      <UnavailableSection result={result} />
      <SourceSection result={result} />
      <FeedbackHistory feedback={feedback} />
    </div>
  );
}
