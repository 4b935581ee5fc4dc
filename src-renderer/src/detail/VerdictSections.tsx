import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { formatNumber, formatPercent, formatScore, humanize, ratingClassName } from '../common/format.ts';
import { PersonalVerdict } from '../learning/PersonalVerdict.tsx';
import { TEST_IDS } from '../test-ids.ts';
import { Fact, yesNo } from './Fact.tsx';

/** Score, class, gate and review verdicts, each with the reasons `why` gives for it. */
export function VerdictSection({ result }: { result: RatingResult }) {
  const { why, unavailable } = result;
  return (
    <section className="facts">
      <h3>Verdict</h3>
      <dl>
        <Fact label="Score" field="score" unavailable={unavailable} value={result.score === null ? null : <strong>{formatScore(result.score)} / 100</strong>} />
        <Fact
          label="Rating"
          field="rating"
          unavailable={unavailable}
          value={result.rating === null ? null : <span className={`rating-pill ${ratingClassName(result.rating)}`}>{result.rating}</span>}
        />
        {why.rating && <Fact label="Classes" value={`High from ${why.rating.high_from}, Medium from ${why.rating.medium_from}`} />}
        <Fact label="Portfolio probability" field="portfolio_prob" unavailable={unavailable} value={result.portfolio_prob === null ? null : formatPercent(result.portfolio_prob)} />
        <Fact label="Rejected" field="rejected" unavailable={unavailable} value={yesNo(result.rejected)} />
        <Fact label="Needs review" field="needs_review" unavailable={unavailable} value={yesNo(result.needs_review)} />
        {result.review_reason && <Fact label="Review reason" value={result.review_reason} />}
        <Fact label="Original" field="is_original" unavailable={unavailable} value={yesNo(result.is_original)} />
        <Fact label="Faces" field="face_count" unavailable={unavailable} value={result.face_count} />
        <Fact label="Best face confidence" field="face_confidence" unavailable={unavailable} value={result.face_confidence === null ? null : formatPercent(result.face_confidence)} />
        <Fact label="Face area" field="face_area_ratio" unavailable={unavailable} value={result.face_area_ratio === null ? null : formatPercent(result.face_area_ratio)} />
      </dl>
    </section>
  );
}

export function TagsSection({ result }: { result: RatingResult }) {
  const because = new Map(result.why.tags.map((entry) => [entry.tag, entry.because]));
  return (
    <section className="facts">
      <h3>Tags</h3>
      {result.tags === null ? (
        <p className="missing">Not tagged{result.unavailable.find((entry) => entry.field === 'tags') ? ` — ${result.unavailable.find((entry) => entry.field === 'tags')!.reason}` : ''}</p>
      ) : result.tags.length === 0 ? (
        <p className="muted">No tag reached its threshold.</p>
      ) : (
        <ul className="tag-list">
          {result.tags.map((tag) => (
            <li key={tag.tag} className="tag" data-testid={TEST_IDS.tag} data-tag={tag.tag} data-confidence={tag.confidence} title={because.get(tag.tag)}>
              <span className="tag-name">{tag.tag}</span>
              <span className="tag-bar">
                <span style={{ width: `${tag.confidence * 100}%` }} />
              </span>
              <span className="tag-confidence">{(tag.confidence * 100).toFixed(0)}%</span>
              {because.get(tag.tag) && <span className="tag-because">{because.get(tag.tag)}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Reasons({ title, reasons }: { title: string; reasons: string[] }) {
  if (reasons.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul className="reasons">
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </>
  );
}

/** Why the app decided what it did: the score's formula and parts, and each verdict's reasons. */
export function WhySection({ result }: { result: RatingResult }) {
  const { why } = result;
  return (
    <section className="facts why">
      <h3>Why</h3>
      {why.score ? (
        <>
          <h4>Score ({why.score.level === 'ai_pack' ? 'AI pack' : 'built in'})</h4>
          <p className="formula">{why.score.formula}</p>
          {why.score.components.length > 0 && (
            <table className="compact">
              <thead>
                <tr>
                  <th>Dimension</th>
                  <th>Value</th>
                  <th>Weight</th>
                </tr>
              </thead>
              <tbody>
                {why.score.components.map((component) => (
                  <tr key={component.dimension}>
                    <td>{humanize(component.dimension)}</td>
                    <td>{formatNumber(component.value)}</td>
                    <td>{formatNumber(component.weight, 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {why.score.penalties.length > 0 && (
            <ul className="reasons">
              {why.score.penalties.map((penalty) => (
                <li key={penalty.issue}>
                  −{formatNumber(penalty.points)} points for {humanize(penalty.issue).toLowerCase()}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p className="missing">No score was computed, so there is no formula to show.</p>
      )}
      <Reasons title="Rejected because" reasons={why.rejected} />
      <Reasons title="Needs review because" reasons={why.needs_review} />
      <Reasons title="Original because" reasons={why.is_original} />
      {why.portfolio && (
        <>
          <h4>Portfolio gate ({why.portfolio.weights} weights)</h4>
          <dl>
            {Object.entries(why.portfolio.features).map(([feature, value]) => (
              <Fact key={feature} label={humanize(feature)} value={formatNumber(value, 3)} />
            ))}
          </dl>
        </>
      )}
      {why.personal && <PersonalVerdict personal={why.personal} />}
    </section>
  );
}
