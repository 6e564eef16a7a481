// The dashboard's ProjectInbox connection over the shared reconnecting socket
// (realtime-client/socket.ts): live conversation changes, unread counters and agent presence,
// written into the query cache. It reports our own presence (online while the tab is visible)
// and, whenever it (re)connects, refetches the lists so nothing pushed while it was away is lost.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ReconnectingSocket } from '../../../../../realtime-client/socket.ts';
import { api } from '../../../lib/api-client.ts';
import { type InboxClientFrame, type InboxServerFrame, parseInboxFrame } from '../../../lib/protocol.ts';
import { type SocketStatus, socketUrl } from '../../../lib/ws-client.ts';
import { applyInboxFrame, listsKey } from '../utils/apply-inbox-frame.ts';

export function useInboxSocket(
  projectId: string,
  meId: string | null,
  onFrame?: (frame: InboxServerFrame) => void,
): SocketStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SocketStatus>('connecting');
  const onFrameRef = useRef(onFrame);
  onFrameRef.current = onFrame;

  useEffect(() => {
    const presence = (): InboxClientFrame => ({
      type: 'presence',
      status: document.visibilityState === 'visible' ? 'online' : 'away',
    });
    const socket = new ReconnectingSocket<InboxServerFrame, InboxClientFrame>({
      url: async () => {
        const token = await api.getFreshAccessToken();
        return token ? socketUrl(`/ws/projects/${projectId}/inbox?token=${encodeURIComponent(token)}`) : null;
      },
      parse: parseInboxFrame,
      ping: { type: 'ping' },
      onOpen: (send) => {
        send(presence());
        // Every open, the first one too: pushes made while no socket listened are not replayed.
        // The layout that holds this socket remounts on some navigations (a new socket, a gap of
        // a second or more), and the page's first list fetch may have read Postgres before the
        // socket existed. A list fetched meanwhile is reconciled with pushes (recent-pushes.ts).
        void queryClient.invalidateQueries({ queryKey: listsKey(projectId) });
      },
      onFrame: (frame) => {
        applyInboxFrame(queryClient, projectId, meId, frame);
        onFrameRef.current?.(frame);
      },
      onStatus: setStatus,
    });
    socket.start();
    const onVisibility = () => socket.send(presence());
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      socket.stop();
    };
  }, [projectId, meId, queryClient]);

  return status;
}
