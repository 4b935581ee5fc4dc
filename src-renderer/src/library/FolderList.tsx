import type { FolderView } from '../../../src-preload/contract/library-types.js';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

export function FolderList() {
  const folders = useAppStore((state) => state.folders);
  const error = useAppStore((state) => state.foldersError);
  if (error) return <p className="notice notice-error">The folder list did not load. {error}</p>;
  if (folders === null) return <p className="muted">Loading folders…</p>;
  if (folders.length === 0) return <p className="muted">No folders yet. Add one above; its photos are rated on this machine as they are imported.</p>;
  return (
    <ul className="folder-list">
      {folders.map((folder) => (
        <FolderRow key={folder.id} folder={folder} />
      ))}
    </ul>
  );
}

function FolderRow({ folder }: { folder: FolderView }) {
  const removeFolder = useAppStore((state) => state.removeFolder);
  const filterToFolder = () => {
    const state = useAppStore.getState();
    state.setFilters({ folderId: folder.id });
    state.setView('grid');
  };
  return (
    <li className="folder-row" data-testid={TEST_IDS.folderRow} data-folder-id={folder.id}>
      <div className="folder-main">
        <code className="folder-path" title={folder.path}>
          {folder.path}
        </code>
        <span className="folder-meta">
          {folder.photoCount} {folder.photoCount === 1 ? 'photo' : 'photos'}
          {' · '}
          {folder.watching ? <span className="ok">watching</span> : <span className="bad">not watched</span>}
        </span>
        {folder.error && <span className="folder-error">{folder.error}</span>}
      </div>
      <div className="folder-actions">
        <button type="button" className="secondary" onClick={filterToFolder}>
          Show photos
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm(`Remove ${folder.path} from the library? The files stay on disk.`)) void removeFolder(folder.id);
          }}
        >
          Remove
        </button>
      </div>
    </li>
  );
}
