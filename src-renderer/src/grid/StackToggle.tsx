import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

/** Grid toolbar switch: show each burst as one stack (its best frame), or every frame. */
export function StackToggle() {
  const collapsed = useAppStore((state) => state.stacksCollapsed);
  const bursts = useAppStore((state) => state.groups.length);
  const setStacksCollapsed = useAppStore((state) => state.setStacksCollapsed);
  return (
    <label className="stack-toggle" title="Show each burst of near-identical shots as one stack, its best frame on top (S opens one)">
      <input type="checkbox" data-testid={TEST_IDS.stackToggle} checked={collapsed} onChange={(event) => setStacksCollapsed(event.target.checked)} />
      Stack bursts{bursts > 0 ? ` (${bursts.toLocaleString()})` : ''}
    </label>
  );
}
