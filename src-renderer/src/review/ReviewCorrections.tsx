import { useState } from 'react';
import type { DimensionScores } from '../../../src-preload/contract/rating-result.js';
import { humanize } from '../common/format.ts';
import { GROUP_ORDER, GROUP_TITLES, RADAR_AXES } from '../detail/RadarChart.tsx';
import { useAppStore } from '../store/app-store.ts';

/** A number field's text as a value in range, or null when empty; out-of-range text is clamped. */
function parseBounded(text: string, max: number): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? Math.max(0, Math.min(max, value)) : null;
}

/**
 * Optional corrections: an overall 0–100 score and 0–10 per dimension. Each field shows the app's
 * own value as its placeholder, and an empty field sends nothing for that dimension.
 */
export function ReviewCorrections({ appScore, appDimensions }: { appScore: number | null; appDimensions: DimensionScores | null }) {
  const draft = useAppStore((state) => state.reviewDraft);
  const setDraftScore = useAppStore((state) => state.setDraftScore);
  const setDraftDimension = useAppStore((state) => state.setDraftDimension);
  const [open, setOpen] = useState(false);
  const corrected = Object.keys(draft.dimensionFeedback).length;

  return (
    <div className="review-corrections">
      <label className="inline-field">
        Your score (0–100)
        <input
          type="number"
          min={0}
          max={100}
          step={1}
          className="score-input"
          placeholder={appScore === null ? 'app: none' : `app: ${appScore.toFixed(0)}`}
          value={draft.userScore ?? ''}
          onChange={(event) => setDraftScore(parseBounded(event.target.value, 100))}
        />
      </label>
      <button type="button" className="small ghost" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? '▾' : '▸'} Correct dimensions{corrected > 0 ? ` (${corrected})` : ''}
      </button>
      {open && (
        <div className="dimension-corrections">
          {GROUP_ORDER.map((group) => (
            <fieldset key={group}>
              <legend>{GROUP_TITLES[group]}</legend>
              {RADAR_AXES.filter((axis) => axis.group === group).map(({ key }) => {
                const appValue = appDimensions?.[key] ?? null;
                return (
                  <label key={key} className="correction">
                    <span>{humanize(key)}</span>
                    <input
                      type="number"
                      min={0}
                      max={10}
                      step={0.5}
                      placeholder={appValue === null ? 'n/a' : appValue.toFixed(1)}
                      value={draft.dimensionFeedback[key] ?? ''}
                      onChange={(event) => setDraftDimension(key, parseBounded(event.target.value, 10))}
                    />
                  </label>
                );
              })}
            </fieldset>
          ))}
        </div>
      )}
    </div>
  );
}
