import { useEffect, useState } from 'react';
import type { AppInfo, IpcError } from '../../src-preload/contract/ipc-contract.js';
import type { AnalyzerInfo } from '../../src-preload/contract/rating-result.js';
import { desktopBridge } from './bridge.ts';

type AppInfoState =
  | { status: 'loading' }
  | { status: 'no-bridge' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'failed'; error: IpcError };

function useAppInfo(): AppInfoState {
  const [state, setState] = useState<AppInfoState>(() => (desktopBridge() ? { status: 'loading' } : { status: 'no-bridge' }));

  useEffect(() => {
    const bridge = desktopBridge();
    if (!bridge) return;
    // StrictMode mounts twice in dev; a late answer must not land on an unmounted component.
    let current = true;
    void bridge.appInfo().then((reply) => {
      if (!current) return;
      setState(reply.ok ? { status: 'ready', info: reply.value } : { status: 'failed', error: reply.error });
    });
    return () => {
      current = false;
    };
  }, []);

  return state;
}

export function App() {
  const state = useAppInfo();
  return (
    <main className="app">
      <header className="app-header">
        <h1>Culler</h1>
        {state.status === 'ready' && <span className="app-version">v{state.info.version}</span>}
      </header>
      <AppInfoBody state={state} />
    </main>
  );
}

function AppInfoBody({ state }: { state: AppInfoState }) {
  switch (state.status) {
    case 'loading':
      return <p className="muted">Connecting to the engine…</p>;
    case 'no-bridge':
      return <p className="notice">Running without the desktop bridge: open Culler as the desktop app to rate photos.</p>;
    case 'failed':
      return (
        <p className="notice notice-error">
          The engine did not answer ({state.error.code}): {state.error.message}
        </p>
      );
    case 'ready':
      return (
        <section>
          <p className="muted">
            Catalog and caches in <code>{state.info.home}</code>
          </p>
          <AnalyzerList analyzers={state.info.analyzers} />
        </section>
      );
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function AnalyzerList({ analyzers }: { analyzers: AnalyzerInfo[] }) {
  if (analyzers.length === 0) return <p className="muted">No analyzers are installed.</p>;
  return (
    <table className="analyzers">
      <caption>Installed analyzers</caption>
      <thead>
        <tr>
          <th scope="col">Analyzer</th>
          <th scope="col">Version</th>
          <th scope="col">Level</th>
          <th scope="col">Model</th>
        </tr>
      </thead>
      <tbody>
        {analyzers.map((analyzer) => (
          <tr key={analyzer.id}>
            <td>{analyzer.id}</td>
            <td>{analyzer.version}</td>
            <td>{analyzer.level === 'embedded' ? 'built in' : 'AI pack'}</td>
            <td>{analyzer.model ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
