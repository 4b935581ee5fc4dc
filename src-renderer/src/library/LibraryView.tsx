import { useAppStore } from '../store/app-store.ts';
import { AddFolderForm } from './AddFolderForm.tsx';
import { FolderList } from './FolderList.tsx';

export function LibraryView() {
  const appInfo = useAppStore((state) => state.appInfo);
  const appInfoError = useAppStore((state) => state.appInfoError);
  return (
    <section className="library-view page">
      <h2>Library</h2>
      <AddFolderForm />
      <FolderList />
      <section className="engine-info">
        <h3>Engine</h3>
        {appInfoError && <p className="notice notice-error">The engine did not answer. {appInfoError}</p>}
        {appInfo && (
          <>
            <p className="muted">
              Culler {appInfo.version} · catalog and caches in <code>{appInfo.home}</code> · {appInfo.door === 'desktop' ? 'desktop app' : 'browser'}
            </p>
            <p className={appInfo.aiPack.installed ? '' : 'muted'}>
              {/* The detail already says "AI pack installed: …" or why it is not: said once. */}
              {appInfo.aiPack.installed || /^the AI pack is not installed/i.test(appInfo.aiPack.detail)
                ? appInfo.aiPack.detail.replace(/^the/, 'The')
                : `AI pack not installed: ${appInfo.aiPack.detail}`}
            </p>
          </>
        )}
      </section>
    </section>
  );
}
