import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';
import { ALL_SHORTCUTS } from './use-keyboard-shortcuts.ts';

const VIEW_TITLES = { all: 'Everywhere', grid: 'Grid', detail: 'Detail', review: 'Review', library: 'Library', settings: 'Settings', loupe: 'Loupe', compare: 'Compare' } as const;

export function ShortcutsHelp() {
  const open = useAppStore((state) => state.helpOpen);
  const toggleHelp = useAppStore((state) => state.toggleHelp);
  if (!open) return null;
  // Rows with no keys are the second half of a pair already listed (→ after ←).
  const listed = ALL_SHORTCUTS.filter((shortcut) => shortcut.keys.length > 0);
  return (
    <div className="shortcuts-backdrop" onClick={() => toggleHelp(false)}>
      <aside className="shortcuts-help" data-testid={TEST_IDS.shortcutsHelp} role="dialog" aria-label="Keyboard shortcuts" onClick={(event) => event.stopPropagation()}>
        <header>
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="ghost" onClick={() => toggleHelp(false)}>
            Close (Esc)
          </button>
        </header>
        <table>
          <tbody>
            {listed.map((shortcut) => (
              <tr key={`${shortcut.description}-${String(shortcut.views)}`}>
                <td className="shortcut-keys">
                  {shortcut.keys.map((name) => (
                    <kbd key={name}>{name}</kbd>
                  ))}
                </td>
                <td>{shortcut.description}</td>
                <td className="muted">{shortcut.views === 'all' ? VIEW_TITLES.all : shortcut.views.map((view) => VIEW_TITLES[view]).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Shortcuts pause while you type in a field; Esc leaves the field.</p>
      </aside>
    </div>
  );
}
