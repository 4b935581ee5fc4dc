import type { SettingsPatch } from '../../../src-preload/contract/library-types.js';
import { SHOOT_PROFILE_INFO, SHOOT_PROFILES, type ShootProfile } from '../../../src-preload/contract/rating-result.js';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

/** The library's shoot profile: what goes to review and how the score weighs. */
export function ProfileSettingsGroup({ save, saving }: { save: (patch: SettingsPatch) => Promise<void>; saving: boolean }) {
  const profile = useAppStore((state) => state.settings?.profile);
  if (!profile) return null;
  return (
    <section className="settings-group">
      <h3>Shoot profile</h3>
      <p className="muted">
        What kind of shoot this library holds. The measures are the same under every profile; the profile decides what goes to review and how
        the score weighs them. Changing it re-judges the library at once, without reading the photos again.
      </p>
      <label className="inline-field">
        Profile{' '}
        <select
          data-testid={TEST_IDS.profileSelect}
          value={profile}
          disabled={saving}
          onChange={(event) => void save({ profile: event.target.value as ShootProfile })}
        >
          {SHOOT_PROFILES.map((id) => (
            <option key={id} value={id}>
              {SHOOT_PROFILE_INFO[id].label}
            </option>
          ))}
        </select>
      </label>
      <p className="muted" data-testid={TEST_IDS.profileSummary}>
        {SHOOT_PROFILE_INFO[profile].summary}
      </p>
    </section>
  );
}
