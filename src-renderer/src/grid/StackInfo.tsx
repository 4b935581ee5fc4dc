import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

/** Under a photo in the detail view: the burst it belongs to, which frame it is, and why the best frame is best. */
export function StackInfo({ photoId }: { photoId: number }) {
  const group = useAppStore((state) => state.stackOf.get(photoId));
  if (!group) return null;
  const frame = group.photoIds.indexOf(photoId) + 1;
  const best = group.bestPhotoId === photoId;
  return (
    <p className="detail-stack-info" data-testid={TEST_IDS.stackInfo} data-best={best}>
      <strong>
        Burst of {group.photoIds.length}, frame {frame}
        {best ? ' — the best frame' : ` — the best is frame ${group.photoIds.indexOf(group.bestPhotoId) + 1}`}.
      </strong>{' '}
      {group.reason} <span className="muted">S opens the stack · B picks the best and rejects the rest</span>
    </p>
  );
}
