// Turns inbox events into a browser notification and a chime — only while the tab is hidden
// (when it is visible, the live inbox is the notification). A mention of me is also a toast in
// the page, since nothing else on screen would say it. Clicking either opens the conversation.
import { useCallback, useRef } from 'react';
import type { InboxServerFrame } from '../../../lib/protocol.ts';
import { toast } from '../../../stores/toast-store.ts';
import { useNotificationStore } from '../stores/notification-store.ts';
import { playChime } from '../utils/chime.ts';
import { decideNotification, type Seen } from '../utils/decide.ts';

export function useInboxNotifications(meId: string | null, open: (conversationId: string) => void) {
  const seen = useRef<Seen>(new Map());
  const mentionsTold = useRef(new Set<string>());
  const openRef = useRef(open);
  openRef.current = open;
  return useCallback(
    (frame: InboxServerFrame) => {
      const content = decideNotification(frame, seen.current, meId, mentionsTold.current);
      if (!content) return;
      if (content.kind === 'mention') {
        toast.notice(content.title, content.body, () => openRef.current(content.conversationId));
      }
      if (document.visibilityState === 'visible') return;
      const prefs = useNotificationStore.getState();
      if (prefs.sound) playChime();
      if (prefs.desktop && 'Notification' in window && Notification.permission === 'granted') {
        const notification = new Notification(content.title, {
          body: content.body,
          tag: content.tag,
          icon: '/favicon.svg',
        });
        notification.onclick = () => {
          window.focus();
          openRef.current(content.conversationId);
          notification.close();
        };
      }
    },
    [meId],
  );
}
