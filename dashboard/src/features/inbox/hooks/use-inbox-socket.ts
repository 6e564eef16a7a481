// The dashboard's ProjectInbox connection over the shared reconnecting socket
// (realtime-client/socket.ts): live conversation changes, unread counters and agent presence,
// written into the query cache. It reports our own presence (online while the tab is visible)
// and, after a reconnect, refetches the lists so nothing missed while away is lost.
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
    let opened = false;
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
        if (opened) void queryClient.invalidateQueries({ queryKey: listsKey(projectId) });
        opened = true;
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
