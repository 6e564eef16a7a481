// Keeps the unread count in the tab title, so it shows among the browser's tabs.
import { useEffect } from 'react';
import { titleWithUnread } from '../utils/decide.ts';

export function useUnreadTitle(base: string, unread: number): void {
  useEffect(() => {
    document.title = titleWithUnread(base, unread);
  }, [base, unread]);
}
