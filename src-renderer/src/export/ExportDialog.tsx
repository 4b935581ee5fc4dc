import { useState, type FormEvent } from 'react';
import type { ExportCollision, ExportMode, ExportRequest } from '../../../src-preload/contract/library-types.js';
import { useAppStore } from '../store/app-store.ts';
import { activeFilterCount } from '../store/grid-slice.ts';
import { TEST_IDS } from '../test-ids.ts';

type Which = 'picks' | 'filter';

/**
 * Export the picks, or what the grid shows now, into a folder: copy or move, with RAW/JPEG partners
 * and sidecars; a dry run first if wanted; progress; a summary; undo of a move. Also writes the
 * sidecars on demand.
 */
export function ExportDialog() {
  const open = useAppStore((state) => state.exportOpen);
  const openExport = useAppStore((state) => state.openExport);
  const filters = useAppStore((state) => state.filters);
  const running = useAppStore((state) => state.exportRunning);
  const progress = useAppStore((state) => state.exportProgress);
  const summary = useAppStore((state) => state.exportSummary);
  const undoSummary = useAppStore((state) => state.undoSummary);
  const sidecarSummary = useAppStore((state) => state.sidecarSummary);
  const error = useAppStore((state) => state.exportError);
  const runExport = useAppStore((state) => state.runExport);
  const undoExport = useAppStore((state) => state.undoExport);
  const writeSidecarsNow = useAppStore((state) => state.writeSidecarsNow);
  const pickFolder = useAppStore((state) => state.pickFolder);
  const hasNativeDialog = useAppStore((state) => state.appInfo?.door === 'desktop');
  const [which, setWhich] = useState<Which>('picks');
  const [destination, setDestination] = useState('');
  const [mode, setMode] = useState<ExportMode>('copy');
  const [onCollision, setOnCollision] = useState<ExportCollision>('suffix');
  const [embed, setEmbed] = useState(false);
  if (!open) return null;

  const selection = (): Pick<ExportRequest, 'filter'> => ({ filter: which === 'picks' ? { marks: ['pick'] } : filters });
  const request = (dryRun: boolean): ExportRequest => ({ ...selection(), destination: destination.trim(), mode, onCollision, dryRun, embedXmpInJpegCopies: mode === 'copy' && embed });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (destination.trim()) void runExport(request(false));
  };
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : 0;

  return (
    <div className="shortcuts-backdrop" onClick={() => !running && openExport(false)}>
      <aside className="shortcuts-help export-dialog" data-testid={TEST_IDS.exportDialog} role="dialog" aria-label="Export" onClick={(event) => event.stopPropagation()}>
        <header>
          <h2>Export</h2>
          <button type="button" className="ghost" onClick={() => openExport(false)} disabled={running}>
            Close
          </button>
        </header>
        <form className="export-form" onSubmit={onSubmit}>
          <fieldset>
            <legend>Photos</legend>
            <label>
              <input type="radio" name="which" checked={which === 'picks'} onChange={() => setWhich('picks')} /> Picks
            </label>
            <label>
              <input type="radio" name="which" checked={which === 'filter'} onChange={() => setWhich('filter')} /> What the grid shows ({activeFilterCount(filters)} filter
              {activeFilterCount(filters) === 1 ? '' : 's'})
            </label>
          </fieldset>
          <label className="export-destination">
            Into the folder
            <span className="add-folder-row">
              <input type="text" data-testid={TEST_IDS.exportDestination} placeholder="/path/to/picks" value={destination} spellCheck={false} onChange={(event) => setDestination(event.target.value)} />
              {hasNativeDialog && (
                <button type="button" className="secondary" onClick={() => void pickFolder().then((picked) => picked && setDestination(picked))}>
                  Choose…
                </button>
              )}
            </span>
          </label>
          <fieldset>
            <legend>How</legend>
            <label>
              <input type="radio" name="mode" checked={mode === 'copy'} onChange={() => setMode('copy')} /> Copy
            </label>
            <label>
              <input type="radio" name="mode" checked={mode === 'move'} onChange={() => setMode('move')} /> Move (can be undone)
            </label>
            <label>
              When a name is taken{' '}
              <select value={onCollision} onChange={(event) => setOnCollision(event.target.value as ExportCollision)}>
                <option value="suffix">add -1, -2 …</option>
                <option value="skip">skip the photo</option>
              </select>
            </label>
            <label title="Lightroom reads the XMP inside a JPEG, not a sidecar. Only the copies are written, never your originals.">
              <input type="checkbox" checked={embed && mode === 'copy'} disabled={mode !== 'copy'} onChange={(event) => setEmbed(event.target.checked)} /> Also write the marks into the
              JPEG copies (for Lightroom)
            </label>
          </fieldset>
          <div className="export-actions">
            <button type="button" className="secondary" disabled={running || !destination.trim()} onClick={() => void runExport(request(true))}>
              Dry run
            </button>
            <button type="submit" data-testid={TEST_IDS.exportRun} disabled={running || !destination.trim()}>
              {mode === 'copy' ? 'Copy' : 'Move'}
            </button>
            <button type="button" className="ghost" disabled={running} onClick={() => void writeSidecarsNow(selection())} title="Write (merge) the XMP sidecars of these photos now">
              Write sidecars now
            </button>
          </div>
        </form>
        {running && (
          <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={progress?.total ?? 0} aria-valuenow={progress?.done ?? 0}>
            <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
          </div>
        )}
        {error && <p className="field-error">{error}</p>}
        {summary && (
          <div className="export-summary" data-testid={TEST_IDS.exportSummary} data-exported={summary.exported}>
            <p>
              {summary.dryRun ? 'Dry run: would ' : ''}
              {summary.mode === 'copy' ? (summary.dryRun ? 'copy' : 'Copied') : summary.dryRun ? 'move' : 'Moved'} {summary.exported} photo{summary.exported === 1 ? '' : 's'} ({summary.files.length} files,{' '}
              {(summary.bytes / 1024 / 1024).toFixed(1)} MB) · {summary.skipped} skipped (name taken) · {summary.failed} failed
            </p>
            {summary.failures.map((failure) => (
              <p key={failure.path} className="field-error">
                {failure.path}: {failure.message}
              </p>
            ))}
            {summary.exportId !== null && !undoSummary && (
              <button type="button" className="secondary" disabled={running} onClick={() => void undoExport()}>
                Undo this move
              </button>
            )}
            {undoSummary && (
              <p>
                Moved {undoSummary.restored} files back{undoSummary.failures.length ? `; ${undoSummary.failures.length} could not be (${undoSummary.failures[0]!.message})` : ''}.
              </p>
            )}
          </div>
        )}
        {sidecarSummary && (
          <p className="export-summary">
            Sidecars: {sidecarSummary.written} written, {sidecarSummary.unchanged} already up to date, {sidecarSummary.adopted} took marks from another app, {sidecarSummary.failures.length} failed
            {sidecarSummary.failures[0] ? ` (${sidecarSummary.failures[0].message})` : ''}.
          </p>
        )}
      </aside>
    </div>
  );
}
