import { useCallback, useEffect, useState } from 'react';
import type { IpcResult } from '../../../src-preload/contract/ipc-contract.js';
import type { LearningStatus, LearningVersionView } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { describeError } from '../common/errors.ts';
import { TEST_IDS } from '../test-ids.ts';

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 100)} %`);
const auc = (value: number | null): string => (value === null ? '—' : value.toFixed(3));
const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '—');

const STATE_LABELS: Record<LearningVersionView['state'], string> = {
  adopted: 'adopted',
  rejected: 'rejected',
  rolled_back: 'rolled back',
  reset: 'reset',
};

/**
 * The personal model learned from the user's reviews, marks and stars: what it has learned, how
 * well it agrees with the golden set (decisions it never trained on), its history with the reason
 * for every adoption, rejection and rollback, and the two controls: reset and roll back to a version.
 */
export function ModelPanel() {
  const [status, setStatus] = useState<LearningStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const take = useCallback(<T,>(reply: IpcResult<T>, pick: (value: T) => LearningStatus) => {
    if (reply.ok) {
      setStatus(pick(reply.value));
      setError(null);
    } else setError(describeError(reply.error));
  }, []);

  useEffect(() => {
    void bridge().learningStatus().then((reply) => take(reply, (value) => value));
  }, [take]);
  // A run in the background (the library trains by itself as you decide): look again until it is done.
  useEffect(() => {
    if (!status?.training) return;
    const timer = setTimeout(() => void bridge().learningStatus().then((reply) => take(reply, (value) => value)), 2000);
    return () => clearTimeout(timer);
  }, [status, take]);

  const act = async (label: string, run: () => Promise<void>) => {
    setBusy(label);
    await run();
    setBusy(null);
  };
  const train = () =>
    act('train', async () => {
      take(await bridge().learningTrain(), (value) => value.status);
    });
  const reset = () => act('reset', async () => take(await bridge().learningReset(), (value) => value));
  const rollback = (version: number) => act(`v${version}`, async () => take(await bridge().learningRollback({ version }), (value) => value));

  return (
    <section className="settings-group model-panel" data-testid={TEST_IDS.modelPanel} aria-labelledby="model-panel-title">
      <h3 id="model-panel-title">Your personal model</h3>
      <p className="muted">
        Learns your taste from your reviews, picks, rejects and stars (API feedback counts less, and not at all when it disagrees with you). A new
        version is used only when it beats the current one on your golden set: a quarter of your decisions, whole shoots and bursts, that it never
        trains on.
      </p>
      {error && <p className="notice notice-error">{error}</p>}
      {status === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <dl className="model-facts">
            <dt>In use</dt>
            <dd data-testid={TEST_IDS.modelActive}>{status.activeVersion === null ? 'built-in gate (no personal version)' : `version ${status.activeVersion}`}</dd>
            <dt>Decisions learned from</dt>
            <dd>
              {status.decisions} photos ({status.goldenDecisions} in the golden set)
            </dd>
            <dt>Golden-set agreement</dt>
            <dd data-testid={TEST_IDS.modelAgreement}>
              {percent(status.goldenAgreement)} <span className="muted">(AUC {auc(status.goldenAuc)})</span>
            </dd>
            <dt>Best frame in a burst</dt>
            <dd data-testid="model-ranker">{rankerText(status)}</dd>
            <dt>Last training</dt>
            <dd>{status.lastTraining ? `${when(status.lastTraining.at)}: ${status.lastTraining.outcome}` : 'never'}</dd>
          </dl>
          <div className="model-actions">
            <button type="button" className="secondary" disabled={busy !== null || status.training} onClick={() => void train()}>
              {busy === 'train' || status.training ? 'Training…' : 'Train now'}
            </button>
            <button type="button" className="danger" disabled={busy !== null || (status.activeVersion === null && (status.ranker?.activeVersion ?? null) === null)} onClick={() => void reset()}>
              Reset to built-in
            </button>
          </div>
          {status.history.length > 0 && (
            <table className="model-history">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>State</th>
                  <th>Golden AUC</th>
                  <th>Agreement</th>
                  <th>Why</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {status.history.map((entry) => (
                  <tr key={entry.version} className={entry.active ? 'model-active-row' : undefined} data-state={entry.state}>
                    <td>
                      v{entry.version}
                      <div className="muted small-text">{when(entry.createdAt)}</div>
                    </td>
                    <td>
                      {STATE_LABELS[entry.state]}
                      {entry.active ? ' · in use' : ''}
                    </td>
                    <td>
                      {auc(entry.goldenAuc)}
                      <div className="muted small-text">
                        vs {entry.baselineVersion === null ? 'built-in' : `v${entry.baselineVersion}`} {auc(entry.baselineAuc)}
                      </div>
                    </td>
                    <td>{percent(entry.goldenAgreement)}</td>
                    <td>
                      {entry.reason}
                      {entry.sources
                        .filter((source) => source.trust < 1)
                        .map((source) => (
                          <div key={source.source} className="muted small-text">
                            {source.source}: trust {source.trust} — {source.reason}
                          </div>
                        ))}
                    </td>
                    <td>
                      {entry.adoptedAt !== null && !entry.active && (
                        <button type="button" className="ghost small" disabled={busy !== null} onClick={() => void rollback(entry.version)}>
                          Roll back to v{entry.version}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

/** The pairwise ranker in one line: the one in use and how it did on held-out bursts, or the built-in choice. */
function rankerText(status: LearningStatus): string {
  const ranker = status.ranker;
  const active = ranker?.history.find((entry) => entry.version === ranker.activeVersion);
  if (!active) return ranker?.history.length ? `the built-in choice (ranker r${ranker.history[0]!.version} ${STATE_LABELS[ranker.history[0]!.state].toLowerCase()}: ${ranker.history[0]!.reason})` : 'the built-in choice (no picks and rejects within bursts yet)';
  return `your picks (ranker r${active.version}): pairwise accuracy ${percent(active.accuracy)} on ${active.goldenPairs} held-out pairs, against ${percent(active.baselineAccuracy)}`;
}
