import { useState, type FormEvent } from 'react';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

/**
 * A typed path works at every door; the desktop also offers its native dialog. The browser build's
 * `library:pickFolder` answers `path: null`, so there the dialog button is not offered at all.
 */
export function AddFolderForm() {
  const addFolder = useAppStore((state) => state.addFolder);
  const pickFolder = useAppStore((state) => state.pickFolder);
  const hasNativeDialog = useAppStore((state) => state.appInfo?.door === 'desktop');
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async (folderPath: string) => {
    setBusy(true);
    setError(null);
    const failure = await addFolder(folderPath);
    setBusy(false);
    if (failure) setError(failure);
    else setPath('');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = path.trim();
    if (trimmed) void add(trimmed);
  };

  const onPick = async () => {
    const picked = await pickFolder();
    if (picked) void add(picked);
  };

  return (
    <form className="add-folder" onSubmit={onSubmit}>
      <label htmlFor="add-folder-path">Add a folder</label>
      <div className="add-folder-row">
        <input
          id="add-folder-path"
          data-testid={TEST_IDS.addFolderInput}
          type="text"
          placeholder="/path/to/photos"
          value={path}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setPath(event.target.value)}
        />
        <button type="submit" data-testid={TEST_IDS.addFolderButton} disabled={busy || path.trim() === ''}>
          {busy ? 'Adding…' : 'Add'}
        </button>
        {hasNativeDialog && (
          <button type="button" className="secondary" onClick={() => void onPick()} disabled={busy}>
            Choose…
          </button>
        )}
      </div>
      {error && <p className="field-error">{error}</p>}
    </form>
  );
}
