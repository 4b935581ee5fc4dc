import type { DimensionScores, RatingWhy, UnavailableField } from '../../../src-preload/contract/rating-result.js';
import { humanize } from '../common/format.ts';
import { GROUP_ORDER, GROUP_TITLES, RADAR_AXES } from './RadarChart.tsx';
import { unavailableReason } from './unavailable.ts';

/** The radar's numbers, with how each was measured or why it was not. */
export function DimensionList({ scores, why, unavailable }: { scores: DimensionScores; why: RatingWhy; unavailable: UnavailableField[] }) {
  return (
    <div className="dimension-list">
      {GROUP_ORDER.map((group) => (
        <section key={group}>
          <h4 className={`group-title group-${group}`}>{GROUP_TITLES[group]}</h4>
          <ul>
            {RADAR_AXES.filter((axis) => axis.group === group).map(({ key }) => {
              const value = scores[key];
              const explanation = why.dimensions[key];
              const reason = value === null ? unavailableReason(unavailable, `dimension_scores.${key}`) : null;
              return (
                <li key={key} className={value === null ? 'dimension dimension-missing' : 'dimension'}>
                  <span className="dimension-name">{humanize(key)}</span>
                  {value === null ? (
                    <span className="dimension-value muted">n/a</span>
                  ) : (
                    <span className="dimension-value">
                      <span className="dimension-bar">
                        <span style={{ width: `${value * 10}%` }} />
                      </span>
                      {value.toFixed(1)}
                    </span>
                  )}
                  {reason && <span className="dimension-note">not measured: {reason}</span>}
                  {value === null && !reason && <span className="dimension-note">not measured (no reason given)</span>}
                  {explanation && (
                    <span className="dimension-note">
                      {explanation.level === 'ai_pack' ? 'AI pack' : 'built in'}: {explanation.formula}
                      {Object.keys(explanation.measures).length > 0 &&
                        ` (${Object.entries(explanation.measures)
                          .map(([measure, measured]) => `${measure} ${Number.isInteger(measured) ? measured : measured.toFixed(3)}`)
                          .join(', ')})`}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
