// The dashboard's ProjectInbox connection over the shared reconnecting socket
// (realtime-client/socket.ts): live conversation changes, unread counters and agent presence,
// written into the query cache. It reports our own presence (online while the tab is visible)
// and, whenever it (re)connects, refetches the lists so nothing pushed while it was away is lost.
//
// One socket per project and user for the whole page, not one per mounted hook. The project's
// routes share one ProjectLayout, which stays mounted from Inbox to Settings; but leaving the
// project for a moment (the Account pages, another project, a "Project not found") unmounts it,
// and closing and reopening at once would leave a gap in which pushes are lost, and a presence
// flicker (offline, online) that could turn the project "away" for its visitors. So the socket
// lingers a few seconds after its last user unmounts, and coming back picks it up.
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ReconnectingSocket } from '../../../../../realtime-client/socket.ts';
import { api } from '../../../lib/api-client.ts';
import { type InboxClientFrame, type InboxServerFrame, parseInboxFrame } from '../../../lib/protocol.ts';
import { type SocketStatus, socketUrl } from '../../../lib/ws-client.ts';
import { useInboxStore } from '../stores/inbox-store.ts';
import { applyInboxFrame, listsKey } from '../utils/apply-inbox-frame.ts';

/** How long a socket nobody uses stays open: long enough for a route change, not for a sign-out. */
export const LINGER_MS = 5_000;

interface SharedSocket {
  status: SocketStatus;
  readonly frameListeners: Set<(frame: InboxServerFrame) => void>;
  readonly statusListeners: Set<(status: SocketStatus) => void>;
  users: number;
  closeTimer: ReturnType<typeof setTimeout> | undefined;
  stop(): void;
}

const shared = new Map<string, SharedSocket>();

function openShared(key: string, projectId: string, meId: string | null, queryClient: QueryClient): SharedSocket {
  const presence = (): InboxClientFrame => ({
    type: 'presence',
    status: document.visibilityState === 'visible' ? 'online' : 'away',
  });
  const entry: SharedSocket = {
    status: 'connecting',
    frameListeners: new Set(),
    statusListeners: new Set(),
    users: 0,
    closeTimer: undefined,
    stop: () => undefined,
  };
  const socket = new ReconnectingSocket<InboxServerFrame, InboxClientFrame>({
    url: async () => {
      const token = await api.getFreshAccessToken();
      return token ? socketUrl(`/ws/projects/${projectId}/inbox?token=${encodeURIComponent(token)}`) : null;
    },
    parse: parseInboxFrame,
    ping: { type: 'ping' },
    onOpen: (send) => {
      send(presence());
      // Every open, the first one too: pushes made while no socket listened are not replayed, and
      // the page's first list fetch may have read Postgres before the socket existed. A list
      // fetched meanwhile is reconciled with the pushes (utils/recent-pushes.ts).
      void queryClient.invalidateQueries({ queryKey: listsKey(projectId) });
    },
    onFrame: (frame) => {
      applyInboxFrame(queryClient, projectId, meId, frame);
      if (frame.type === 'mention' && frame.by.id !== meId) useInboxStore.getState().mentioned(frame.messageId);
      for (const listener of entry.frameListeners) listener(frame);
    },
    onStatus: (status) => {
      entry.status = status;
      for (const listener of entry.statusListeners) listener(status);
    },
  });
  const onVisibility = () => socket.send(presence());
  document.addEventListener('visibilitychange', onVisibility);
  socket.start();
  entry.stop = () => {
    document.removeEventListener('visibilitychange', onVisibility);
    socket.stop();
    shared.delete(key);
  };
  return entry;
}

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
    const key = `${projectId}:${meId ?? ''}`;
    const entry = shared.get(key) ?? openShared(key, projectId, meId, queryClient);
    shared.set(key, entry);
    clearTimeout(entry.closeTimer);
    entry.users += 1;
    const frameListener = (frame: InboxServerFrame) => onFrameRef.current?.(frame);
    entry.frameListeners.add(frameListener);
    entry.statusListeners.add(setStatus);
    setStatus(entry.status);
    return () => {
      entry.frameListeners.delete(frameListener);
      entry.statusListeners.delete(setStatus);
      entry.users -= 1;
      if (entry.users === 0) entry.closeTimer = setTimeout(entry.stop, LINGER_MS);
    };
  }, [projectId, meId, queryClient]);

  return status;
}
