import { useEffect } from 'react';
import { useAppStore } from './store/app-store.ts';
import { TEST_IDS } from './test-ids.ts';

const NOTICE_LIFETIME_MS = 8000;

/** Failures of things the user just did, in a corner, until dismissed or a few seconds pass. */
export function Notices() {
  const notices = useAppStore((state) => state.notices);
  const dismissNotice = useAppStore((state) => state.dismissNotice);
  const oldest = notices[0];
  useEffect(() => {
    if (!oldest) return;
    const timer = setTimeout(() => dismissNotice(oldest.id), NOTICE_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [oldest, dismissNotice]);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status">
      {notices.map((notice) => (
        <div key={notice.id} className={notice.kind === 'info' ? 'toast toast-info' : 'toast'} data-testid={TEST_IDS.notice}>
          <span>{notice.text}</span>
          <button type="button" className="ghost small" onClick={() => dismissNotice(notice.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
