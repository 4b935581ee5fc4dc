import { useEffect, useState, type FormEvent } from 'react';
import { ModelPanel } from '../learning/ModelPanel.tsx';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';
import { XmpSettingsGroup } from './XmpSettingsGroup.tsx';
import { ProfileSettingsGroup } from './ProfileSettingsGroup.tsx';

/** The local HTTP API server: off by default; its status line says where it listens or why it does not. */
export function SettingsView() {
  const settings = useAppStore((state) => state.settings);
  const settingsError = useAppStore((state) => state.settingsError);
  const status = useAppStore((state) => state.apiServerStatus);
  const saveSettings = useAppStore((state) => state.saveSettings);
  // In the browser build the API lives and dies with `culler serve`: there is no switch to offer.
  const browserDoor = useAppStore((state) => state.appInfo?.door === 'browser');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const state = useAppStore.getState();
    void state.loadSettings();
    void state.loadApiServerStatus();
  }, []);
  useEffect(() => {
    if (!settings) return;
    setHost(settings.apiServer.host);
    setPort(String(settings.apiServer.port));
  }, [settings]);

  const save = async (patch: Parameters<typeof saveSettings>[0]) => {
    setSaving(true);
    setSaveError(await saveSettings(patch));
    setSaving(false);
  };

  const onAddress = (event: FormEvent) => {
    event.preventDefault();
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
      setSaveError('The port is a whole number from 1 to 65535.');
      return;
    }
    void save({ apiServer: { host: host.trim(), port: portNumber } });
  };

  return (
    <section className="settings-view page">
      <h2>Settings</h2>
      {settingsError && <p className="notice notice-error">Settings did not load. {settingsError}</p>}
      <section className="settings-group">
        <h3>Local API server</h3>
        <p className="muted">
          Lets other programs on this machine rate photos through the same HTTP API as the hosted services.{browserDoor ? '' : ' Off unless you turn it on.'}
        </p>
        {browserDoor && (
          <p className="notice">
            In the browser build the API runs with <code>culler serve</code> on the same address as this page; start it with{' '}
            <code>--no-api</code> to turn it off (the desktop app has a switch here instead).
          </p>
        )}
        {settings && !browserDoor && (
          <>
            <label className="switch-row">
              <input
                type="checkbox"
                role="switch"
                data-testid={TEST_IDS.apiSwitch}
                checked={settings.apiServer.enabled}
                disabled={saving}
                aria-checked={settings.apiServer.enabled}
                onChange={(event) => void save({ apiServer: { enabled: event.target.checked } })}
              />
              <span className="switch-track" aria-hidden="true" />
              <span>{settings.apiServer.enabled ? 'Enabled' : 'Disabled'}</span>
            </label>
            <form className="address-form" onSubmit={onAddress}>
              <label>
                Host
                <input type="text" value={host} spellCheck={false} onChange={(event) => setHost(event.target.value)} />
              </label>
              <label>
                Port
                <input type="number" min={1} max={65535} value={port} onChange={(event) => setPort(event.target.value)} />
              </label>
              <button type="submit" className="secondary" disabled={saving}>
                Save address
              </button>
            </form>
          </>
        )}
        {saveError && <p className="field-error">{saveError}</p>}
        <p className="api-status" data-testid={TEST_IDS.apiStatus} data-running={status?.running ?? false}>
          {status === null ? (
            'Status…'
          ) : status.error ? (
            <span className="bad">Not running: {status.error}</span>
          ) : status.running && status.url ? (
            <>
              Listening at <code>{status.url}</code>
            </>
          ) : (
            <span className="muted">Not running.</span>
          )}
        </p>
      </section>
      <ProfileSettingsGroup save={save} saving={saving} />
      <XmpSettingsGroup save={save} saving={saving} />
      <ModelPanel />
    </section>
  );
}
