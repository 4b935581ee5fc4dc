import type { ImportPauseCode } from '../../../src-preload/contract/library-types.js';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

const PAUSE_REASON_TEXT: Record<ImportPauseCode, string> = {
  disk_full: 'Paused: the disk is full. Free some space; the import carries on by itself or on Resume.',
  catalog_read_only: 'Paused: the catalog is read-only.',
  home_unwritable: "Paused: the app's data folder cannot be written.",
};

/** Once a file has been rated in this page's life, the models are loaded. */
let firstFileRated = false;

function modelsLoading(analyzers: Array<{ model: string | null }>): boolean {
  return !firstFileRated && analyzers.some((analyzer) => analyzer.model !== null);
}

/** The import queue at a glance, on every screen: a long import should not hide behind a tab. */
export function ImportProgress() {
  const status = useAppStore((state) => state.importStatus);
  const error = useAppStore((state) => state.importError);
  const pauseImport = useAppStore((state) => state.pauseImport);
  const resumeImport = useAppStore((state) => state.resumeImport);
  const appInfo = useAppStore((state) => state.appInfo);
  if (status && status.done > 0) firstFileRated = true;

  if (!status) {
    return (
      <div className="import-progress" data-testid={TEST_IDS.importProgress} data-state="unknown">
        <span className="muted">{error ? `Import status unavailable. ${error}` : 'Import status…'}</span>
      </div>
    );
  }
  const { state, queued, done, failed, current, scanning, pausedReason } = status;
  // The first file of a session waits for the models to load (about 10 s): say so, not "0 of 17".
  const preparingModels = state === 'running' && done === 0 && modelsLoading(appInfo?.analyzers ?? []);
  const fraction = done + queued === 0 ? 0 : done / (done + queued);
  const summary =
    state === 'idle' && queued === 0
      ? done > 0
        ? `Imported ${done}`
        : 'Nothing to import'
      : scanning && queued === 0 && done === 0
        ? 'Checking folders for changes…'
        : preparingModels
          ? 'Preparing the face and content models…'
          : `${done} of ${done + queued}`;
  return (
    <div className={`import-progress import-${state}`} data-testid={TEST_IDS.importProgress} data-state={state}>
      <span className="import-state">{state === 'running' ? 'Importing' : state === 'paused' ? 'Paused' : 'Idle'}</span>
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={done + queued} aria-valuenow={done}>
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <span className="import-counts">
        {summary}
        {failed > 0 && <span className="bad"> · {failed} failed</span>}
      </span>
      {/* The file name fits the bar; the whole path is in the tooltip. */}
      <span className="import-current" title={current ?? undefined}>
        {current ? current.split(/[\\/]/).pop() : ''}
      </span>
      {/* Paused by the app itself (disk full, read-only home): why, and that nothing was lost. */}
      {pausedReason && (
        <span className="import-paused-reason bad" role="alert" data-testid={TEST_IDS.importPausedReason} data-code={pausedReason.code} title={pausedReason.message}>
          {PAUSE_REASON_TEXT[pausedReason.code]} Every file stays queued.
        </span>
      )}
      <button type="button" className="small" data-testid={TEST_IDS.importPause} disabled={state !== 'running'} onClick={() => void pauseImport()}>
        Pause
      </button>
      <button type="button" className="small" data-testid={TEST_IDS.importResume} disabled={state !== 'paused'} onClick={() => void resumeImport()}>
        Resume
      </button>
    </div>
  );
}
