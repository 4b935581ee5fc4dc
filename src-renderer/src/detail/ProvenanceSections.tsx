import type { FeedbackView } from '../../../src-preload/contract/library-types.js';
import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { formatDate, humanize } from '../common/format.ts';

/** Which analyzers produced this result, at which versions, and where their models ran. */
export function AnalyzersSection({ result }: { result: RatingResult }) {
  return (
    <section className="facts">
      <h3>Analyzers</h3>
      {result.analyzers.length === 0 ? (
        <p className="muted">No analyzer is recorded for this result.</p>
      ) : (
        <table className="compact">
          <thead>
            <tr>
              <th>Analyzer</th>
              <th>Version</th>
              <th>Level</th>
              <th>Ran on</th>
            </tr>
          </thead>
          <tbody>
            {result.analyzers.map((analyzer) => (
              <tr key={analyzer.id} title={analyzer.model ?? undefined}>
                <td>
                  {analyzer.id}
                  {analyzer.model && <div className="model-id">{analyzer.model}</div>}
                </td>
                <td>{analyzer.version}</td>
                <td>{analyzer.level === 'ai_pack' ? 'AI pack' : 'built in'}</td>
                <td>{analyzer.execution_provider ?? (analyzer.model ? 'not recorded' : 'no model')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function UnavailableSection({ result }: { result: RatingResult }) {
  if (result.unavailable.length === 0) return null;
  return (
    <section className="facts">
      <h3>Not measured</h3>
      <ul className="unavailable-list">
        {result.unavailable.map((entry) => (
          <li key={entry.field}>
            <code>{entry.field}</code> — {entry.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FeedbackHistory({ feedback }: { feedback: FeedbackView[] }) {
  return (
    <section className="facts">
      <h3>Feedback</h3>
      {feedback.length === 0 ? (
        <p className="muted">No feedback yet.</p>
      ) : (
        <ul className="feedback-list">
          {feedback.map((entry) => (
            <li key={entry.id}>
              <span className="muted">{formatDate(entry.createdAt)}</span> via {entry.source}:{' '}
              {entry.thumbs === 1 ? 'thumbs up' : entry.thumbs === -1 ? 'thumbs down' : 'no thumbs'}
              {entry.userScore !== null && `, score ${entry.userScore}`}
              {entry.dimensionFeedback &&
                Object.keys(entry.dimensionFeedback).length > 0 &&
                `, ${Object.entries(entry.dimensionFeedback)
                  .map(([dimension, value]) => `${humanize(dimension).toLowerCase()} ${value}`)
                  .join(', ')}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
