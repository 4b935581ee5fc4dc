import { COLOR_LABELS, type ColorLabel, type SettingsPatch } from '../../../src-preload/contract/library-types.js';
import { labelName } from '../common/LabelControls.tsx';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

/** "Write XMP sidecars" (on by default), their naming, and the auto-cull mapping for unmarked photos. */
export function XmpSettingsGroup({ save, saving }: { save: (patch: SettingsPatch) => Promise<void>; saving: boolean }) {
  const xmp = useAppStore((state) => state.settings?.xmp);
  if (!xmp) return null;
  const bands = xmp.autoCull.starBands;
  return (
    <section className="settings-group">
      <h3>XMP sidecars</h3>
      <p className="muted">
        Picks, rejects (as rating −1), stars, colour labels and tags go into an .xmp file beside each photo, for Lightroom, Capture One, Bridge and darktable.
        Another app&apos;s fields in an existing sidecar are kept; your photos are never written.
      </p>
      <label className="switch-row">
        <input
          type="checkbox"
          role="switch"
          data-testid={TEST_IDS.xmpSwitch}
          checked={xmp.writeSidecars}
          disabled={saving}
          aria-checked={xmp.writeSidecars}
          onChange={(event) => void save({ xmp: { writeSidecars: event.target.checked } })}
        />
        <span className="switch-track" aria-hidden="true" />
        <span>Write XMP sidecars on every mark change</span>
      </label>
      <label className="inline-field">
        Names{' '}
        <select value={xmp.naming} disabled={saving} onChange={(event) => void save({ xmp: { naming: event.target.value as 'adobe' | 'darktable' } })}>
          <option value="adobe">IMG_0001.xmp (Lightroom, Capture One, Bridge, Photo Mechanic)</option>
          <option value="darktable">IMG_0001.CR2.xmp (darktable, digiKam)</option>
        </select>
      </label>
      <h4>Auto-cull for photos you have not marked</h4>
      <label className="switch-row">
        <input
          type="checkbox"
          role="switch"
          checked={xmp.autoCull.enabled}
          disabled={saving}
          aria-checked={xmp.autoCull.enabled}
          onChange={(event) => void save({ xmp: { autoCull: { enabled: event.target.checked } } })}
        />
        <span className="switch-track" aria-hidden="true" />
        <span>Write the app&apos;s verdict into their sidecars (your own marks always win)</span>
      </label>
      <label className="inline-field">
        Low rating{' '}
        <select value={xmp.autoCull.low} disabled={saving} onChange={(event) => void save({ xmp: { autoCull: { low: event.target.value as 'reject' | 'none' } } })}>
          <option value="reject">reject (rating −1)</option>
          <option value="none">no rating</option>
        </select>
      </label>
      <label className="inline-field">
        Needs review{' '}
        <select
          value={xmp.autoCull.needsReviewLabel ?? ''}
          disabled={saving}
          onChange={(event) => void save({ xmp: { autoCull: { needsReviewLabel: (event.target.value || null) as ColorLabel | null } } })}
        >
          <option value="">no label</option>
          {COLOR_LABELS.map((label) => (
            <option key={label} value={label}>
              {labelName(label)} label
            </option>
          ))}
        </select>
      </label>
      <div className="inline-field star-bands">
        Stars from the score (lowest score for each):
        {bands.map((band, index) => (
          <label key={`${index}-${band}`}>
            {'★'.repeat(index + 1)}{' '}
            <input
              type="number"
              min={0}
              max={100}
              defaultValue={band}
              disabled={saving}
              onBlur={(event) => {
                const next = [...bands] as typeof bands;
                next[index] = Number(event.target.value);
                if (next.every((value, at) => Number.isFinite(value) && value >= 0 && value <= 100 && (at === 0 || value >= next[at - 1]!)) && next[index] !== band) {
                  void save({ xmp: { autoCull: { starBands: next } } });
                }
              }}
            />
          </label>
        ))}
      </div>
    </section>
  );
}
