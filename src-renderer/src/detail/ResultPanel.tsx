import type { PhotoDetail } from '../../../src-preload/contract/library-types.js';
import { useState } from 'react';
import { DimensionList } from './DimensionList.tsx';
import { PlainVerdictSection } from './PlainVerdictSection.tsx';
import { ContentSection, QualitySection, SourceSection } from './MeasureSections.tsx';
import { AnalyzersSection, FeedbackHistory, UnavailableSection } from './ProvenanceSections.tsx';
import { RadarChart } from './RadarChart.tsx';
import { TagsSection, VerdictSection, WhySection } from './VerdictSections.tsx';

/** Everything the rating result says about one photo, in the order a culler asks about it. */
export function ResultPanel({ detail }: { detail: PhotoDetail }) {
  const { result, photo, feedback } = detail;
  // Measured axes by default: an n/a axis says nothing about the photo.
  const [showMissingAxes, setShowMissingAxes] = useState(false);
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
      <PlainVerdictSection photo={photo} result={result} />
      <VerdictSection result={result} />
      <section className="facts">
        <h3>Dimensions</h3>
        <label className="inline-check radar-toggle">
          <input type="checkbox" data-testid="radar-toggle" checked={showMissingAxes} onChange={(event) => setShowMissingAxes(event.target.checked)} /> Show axes not measured (n/a)
        </label>
        <RadarChart scores={result.dimension_scores} showMissing={showMissingAxes} />
        <details className="formulas">
          <summary>Each dimension's number and formula</summary>
          <DimensionList scores={result.dimension_scores} why={result.why} unavailable={result.unavailable} />
        </details>
      </section>
      <TagsSection result={result} />
      <ContentSection result={result} />
      <QualitySection result={result} />
      <details className="formulas">
        <summary>How the score was computed (formulas)</summary>
        <WhySection result={result} />
      </details>
      <AnalyzersSection result={result} />
      <UnavailableSection result={result} />
      <SourceSection result={result} />
      <FeedbackHistory feedback={feedback} />
    </div>
  );
}
