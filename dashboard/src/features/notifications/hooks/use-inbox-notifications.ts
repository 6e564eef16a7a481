// Turns inbox events into a browser notification and a chime — only while the tab is hidden
// (when it is visible, the live inbox is the notification). Clicking one opens the conversation.
import { useCallback, useRef } from 'react';
import type { InboxServerFrame } from '../../../lib/protocol.ts';
import { useNotificationStore } from '../stores/notification-store.ts';
import { playChime } from '../utils/chime.ts';
import { decideNotification, type Seen } from '../utils/decide.ts';

export function useInboxNotifications(meId: string | null, open: (conversationId: string) => void) {
  const seen = useRef<Seen>(new Map());
  const openRef = useRef(open);
  openRef.current = open;
  return useCallback(
    (frame: InboxServerFrame) => {
      const content = decideNotification(frame, seen.current, meId);
      if (!content || document.visibilityState === 'visible') return;
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
