import { useEffect } from 'react';
import { DetailView } from './detail/DetailView.tsx';
import { GridView } from './grid/GridView.tsx';
import { ShortcutsHelp } from './keyboard/ShortcutsHelp.tsx';
import { useKeyboardShortcuts } from './keyboard/use-keyboard-shortcuts.ts';
import { ImportProgress } from './library/ImportProgress.tsx';
import { LibraryView } from './library/LibraryView.tsx';
import { CompareView } from './loupe/CompareView.tsx';
import { Loupe } from './loupe/Loupe.tsx';
import { Notices } from './Notices.tsx';
import { ReviewView } from './review/ReviewView.tsx';
import { SettingsView } from './settings/SettingsView.tsx';
import { useAppStore } from './store/app-store.ts';
import { startLiveUpdates } from './store/live-updates.ts';
import type { View } from './store/ui-slice.ts';
import { TEST_IDS } from './test-ids.ts';

/** First load of everything the header and the default view need, and the event subscription. */
function useBackendSession() {
  useEffect(() => {
    const state = useAppStore.getState();
    void state.loadAppInfo();
    void state.loadFolders();
    void state.loadImportStatus();
    void state.loadFacets();
    void state.loadHistoryStatus();
    void state.loadGroups();
    state.ensureRange(0, 0);
    return startLiveUpdates();
  }, []);
}

const TABS: Array<{ view: View; label: string; key: string; testId: string }> = [
  { view: 'library', label: 'Library', key: 'L', testId: TEST_IDS.libraryTab },
  { view: 'grid', label: 'Photos', key: 'G', testId: TEST_IDS.gridTab },
  { view: 'review', label: 'Review', key: 'R', testId: TEST_IDS.reviewTab },
  { view: 'settings', label: 'Settings', key: ',', testId: TEST_IDS.settingsTab },
];

function NavBar() {
  const view = useAppStore((state) => state.view);
  const setView = useAppStore((state) => state.setView);
  const toggleHelp = useAppStore((state) => state.toggleHelp);
  const reviewPending = useAppStore((state) => state.facets?.reviewPending ?? null);
  const version = useAppStore((state) => state.appInfo?.version ?? null);
  // The detail view belongs to the grid: its tab stays lit there.
  const activeTab = view === 'detail' ? 'grid' : view;
  return (
    <nav className="nav-bar">
      <span className="brand">
        Culler{version && <span className="muted"> {version}</span>}
      </span>
      {TABS.map((tab) => (
        <button
          key={tab.view}
          type="button"
          className={`tab ${activeTab === tab.view ? 'tab-active' : ''}`}
          data-testid={tab.testId}
          aria-current={activeTab === tab.view ? 'page' : undefined}
          onClick={() => setView(tab.view)}
          title={`${tab.label} (${tab.key})`}
        >
          {tab.label}
          {tab.view === 'review' && reviewPending !== null && reviewPending > 0 && <span className="tab-count">{reviewPending}</span>}
        </button>
      ))}
      <span className="nav-spacer" />
      <ImportProgress />
      <button type="button" className="ghost small" onClick={() => toggleHelp()} title="Keyboard shortcuts (?)">
        <kbd>?</kbd> Keys
      </button>
    </nav>
  );
}

function CurrentView() {
  const view = useAppStore((state) => state.view);
  switch (view) {
    case 'library':
      return <LibraryView />;
    case 'grid':
      return <GridView />;
    case 'detail':
      return <DetailView />;
    case 'review':
      return <ReviewView />;
    case 'settings':
      return <SettingsView />;
    case 'loupe':
      return <Loupe />;
    case 'compare':
      return <CompareView />;
    default: {
      const unknownView: never = view;
      return unknownView;
    }
  }
}

export function App() {
  useBackendSession();
  useKeyboardShortcuts();
  return (
    <div className="app">
      <NavBar />
      <main className="app-main">
        <CurrentView />
      </main>
      <ShortcutsHelp />
      <Notices />
    </div>
  );
}
