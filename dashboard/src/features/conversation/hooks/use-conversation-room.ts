// The agent's connection to one ConversationRoom, as a thin adapter over the shared room client
// (realtime-client/room.ts), which resumes from the highest seq in the cached thread, sends the
// thread's in-flight messages under their client ids (again after every reconnect, so a retry never
// duplicates) and throttles typing. This hook writes the room's frames into the cached thread and
// keeps beside it what only the screen needs: status, who is typing, who else is viewing.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationRating } from '../../../../../contract/ratings.ts';
import { RoomClient } from '../../../../../realtime-client/room.ts';
import { api } from '../../../lib/api-client.ts';
import { newClientId } from '../../../lib/client-id.ts';
import { type Author, keepLabels, parseRoomFrame, type RoomServerFrame } from '../../../lib/protocol.ts';
import { type SocketStatus, socketUrl } from '../../../lib/ws-client.ts';
import { toast } from '../../../stores/toast-store.ts';
import { deleteMessage } from '../api/delete-message.ts';
import { threadKey } from '../api/get-conversation.ts';
import {
  addPending,
  applyAck,
  applyDeletion,
  applyMessage,
  maxSeq,
  newestVisitorSeq,
  removePending,
  setPendingState,
  type Thread,
} from '../utils/thread.ts';

/** A typing indicator with no update for this long is stale (the typist left without "off"). */
const TYPING_STALE_MS = 8000;

export interface RoomState {
  status: SocketStatus;
  visitorTyping: boolean;
  agentsTyping: Author[];
  viewers: { id: string; name: string }[];
  /** The visitor's latest rating (CSAT), as the room tells it: after the welcome, and live. */
  rating: ConversationRating | null;
  /** `mentions`: user ids, for a private note only. */
  send: (body: string, isPrivate: boolean, mentions?: string[]) => void;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
  /** Deletes a message through the room (over REST when the socket is down); the `deleted` frame shows it. */
  remove: (messageId: string) => Promise<void>;
  typing: (isPrivate: boolean) => void;
  stopTyping: () => void;
}

export function useConversationRoom({
  projectId,
  conversationId,
  me,
  ready,
}: {
  projectId: string;
  conversationId: string;
  me: Author;
  /** The thread is loaded: only then does a resume know where to start. */
  ready: boolean;
}): RoomState {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SocketStatus>('connecting');
  const [visitorTyping, setVisitorTyping] = useState(false);
  const [agentsTyping, setAgentsTyping] = useState<Author[]>([]);
  const [viewers, setViewers] = useState<{ id: string; name: string }[]>([]);
  const [rating, setRating] = useState<ConversationRating | null>(null);
  const roomRef = useRef<RoomClient | null>(null);
  const meRef = useRef(me);
  meRef.current = me;
  const keyRef = useRef(threadKey(projectId, conversationId));
  keyRef.current = threadKey(projectId, conversationId);

  const thread = useCallback(() => queryClient.getQueryData<Thread>(keyRef.current), [queryClient]);
  const update = useCallback(
    (fn: (thread: Thread) => Thread) => {
      queryClient.setQueryData<Thread>(keyRef.current, (current) => (current ? fn(current) : current));
    },
    [queryClient],
  );

  useEffect(() => {
    if (!ready) return;
    let lastRead = 0;
    const typists = new Map<string, ReturnType<typeof setTimeout>>();

    const setTypist = (author: Author, on: boolean) => {
      const id = `${author.kind}:${author.id ?? ''}`;
      clearTimeout(typists.get(id));
      typists.delete(id);
      const apply = (value: boolean) => {
        if (author.kind === 'visitor') setVisitorTyping(value);
        else
          setAgentsTyping((list) => {
            const others = list.filter((a) => a.id !== author.id);
            return value ? [...others, author] : others;
          });
      };
      apply(on);
      if (on)
        typists.set(
          id,
          setTimeout(() => apply(false), TYPING_STALE_MS),
        );
    };

    const markRead = () => {
      const current = thread();
      if (document.visibilityState !== 'visible' || !current) return;
      const seq = newestVisitorSeq(current);
      if (seq > lastRead && room.read(seq)) lastRead = seq;
    };

    const handle = (frame: RoomServerFrame) => {
      switch (frame.type) {
        case 'message':
          update((t) => applyMessage(t, frame.message));
          if (frame.message.author.kind === 'visitor') {
            setTypist(frame.message.author, false);
            markRead();
          }
          return;
        case 'ack':
          update((t) => applyAck(t, frame, meRef.current));
          return;
        case 'resumed':
          markRead();
          return;
        case 'typing':
          if (frame.author.kind === 'agent' && frame.author.id === meRef.current.id) return;
          setTypist(frame.author, frame.on);
          return;
        case 'read':
          if (frame.side === 'visitor') {
            update((t) => (frame.seq > t.visitorReadSeq ? { ...t, visitorReadSeq: frame.seq } : t));
          }
          return;
        case 'presence':
          setViewers(frame.agents.filter((a) => a.id !== meRef.current.id));
          return;
        case 'conversation':
          update((t) => ({ ...t, conversation: keepLabels(frame.conversation, t.conversation) }));
          return;
        case 'deleted':
          update((t) => applyDeletion(t, frame.deletion));
          return;
        case 'rating':
          setRating(frame.rating);
          return;
        case 'error':
          // Refusals of our sends are the room client's (retried, or reported through onFailed).
          if (!frame.clientId) toast.error(frame.message);
          return;
        default:
          return;
      }
    };

    const room = new RoomClient({
      url: async () => {
        const token = await api.getFreshAccessToken();
        return token ? socketUrl(`/ws/conversations/${conversationId}?token=${encodeURIComponent(token)}`) : null;
      },
      parse: parseRoomFrame,
      resumeFrom: () => {
        const current = thread();
        return current ? maxSeq(current) : 0;
      },
      pending: () => thread()?.pending.filter((p) => p.state === 'sending') ?? [],
      onFailed: (clientId, _code, message) => update((t) => setPendingState(t, clientId, 'failed', message)),
      onFrame: handle,
      onStatus: setStatus,
    });
    roomRef.current = room;
    room.start();
    // An open conversation in a tab the agent comes back to is read.
    document.addEventListener('visibilitychange', markRead);
    window.addEventListener('focus', markRead);
    return () => {
      document.removeEventListener('visibilitychange', markRead);
      window.removeEventListener('focus', markRead);
      for (const timer of typists.values()) clearTimeout(timer);
      room.stop();
      roomRef.current = null;
      setVisitorTyping(false);
      setAgentsTyping([]);
      setViewers([]);
      setRating(null);
      setStatus('connecting');
    };
  }, [ready, conversationId, thread, update]);

  const stopTyping = useCallback(() => roomRef.current?.typing(false), []);
  const typing = useCallback((isPrivate: boolean) => roomRef.current?.typing(true, isPrivate), []);

  const send = useCallback(
    (body: string, isPrivate: boolean, mentions?: string[]) => {
      const clientId = newClientId();
      const createdAt = new Date().toISOString();
      update((t) =>
        addPending(t, {
          clientId,
          body,
          private: isPrivate,
          ...(isPrivate && mentions?.length ? { mentions } : {}),
          createdAt,
          state: 'sending',
        }),
      );
      // When the socket is down the message waits in the thread and goes after the resume.
      roomRef.current?.typing(false);
      roomRef.current?.send(clientId);
    },
    [update],
  );

  const retry = useCallback(
    (clientId: string) => {
      update((t) => setPendingState(t, clientId, 'sending'));
      roomRef.current?.send(clientId);
    },
    [update],
  );

  const discard = useCallback((clientId: string) => update((t) => removePending(t, clientId)), [update]);

  const remove = useCallback(
    async (messageId: string) => {
      if (roomRef.current?.delete(messageId)) return;
      const { deletion } = await deleteMessage(projectId, conversationId, messageId);
      update((t) => applyDeletion(t, deletion));
    },
    [projectId, conversationId, update],
  );

  return { status, visitorTyping, agentsTyping, viewers, rating, send, retry, discard, remove, typing, stopTyping };
}
