// The agent's connection to one ConversationRoom: resumes from the last seq it holds on every
// (re)connect, re-sends in-flight messages under their original client ids (so a retry never
// duplicates), writes every frame into the cached thread, reports read position and typing.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../../lib/api-client.ts';
import { newClientId } from '../../../lib/client-id.ts';
import { type Author, parseRoomFrame, type RoomClientFrame, type RoomServerFrame } from '../../../lib/protocol.ts';
import {
  createReconnectingSocket,
  type ReconnectingSocket,
  type SocketStatus,
  socketUrl,
} from '../../../lib/ws-client.ts';
import { toast } from '../../../stores/toast-store.ts';
import { threadKey } from '../api/get-conversation.ts';
import {
  addPending,
  applyAck,
  applyMessage,
  maxSeq,
  newestVisitorSeq,
  removePending,
  setPendingState,
  type Thread,
} from '../utils/thread.ts';

const TYPING_IDLE_MS = 4000;
/** A typing indicator with no update for this long is stale (the typist left without "off"). */
const TYPING_STALE_MS = 8000;
const RETRYABLE = new Set(['slow_down', 'rate_limited', 'unavailable']);

export interface RoomState {
  status: SocketStatus;
  visitorTyping: boolean;
  agentsTyping: Author[];
  viewers: { id: string; name: string }[];
  send: (body: string, isPrivate: boolean) => void;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
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
  const socketRef = useRef<ReconnectingSocket<RoomClientFrame> | null>(null);
  const typingRef = useRef<{ on: boolean; idle: ReturnType<typeof setTimeout> | null }>({ on: false, idle: null });
  const lastReadRef = useRef(0);
  const meRef = useRef(me);
  meRef.current = me;

  const key = threadKey(projectId, conversationId);
  const keyRef = useRef(key);
  keyRef.current = key;

  const update = useCallback(
    (fn: (thread: Thread) => Thread) => {
      queryClient.setQueryData<Thread>(keyRef.current, (thread) => (thread ? fn(thread) : thread));
    },
    [queryClient],
  );

  const sendFrame = useCallback((frame: RoomClientFrame) => socketRef.current?.send(frame) ?? false, []);

  const markRead = useCallback(() => {
    if (document.visibilityState !== 'visible') return;
    const thread = queryClient.getQueryData<Thread>(keyRef.current);
    if (!thread) return;
    const seq = newestVisitorSeq(thread);
    if (seq > lastReadRef.current && sendFrame({ type: 'read', seq })) lastReadRef.current = seq;
  }, [queryClient, sendFrame]);

  useEffect(() => {
    if (!ready) return;
    lastReadRef.current = 0;
    const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
    const retryTimers = new Set<ReturnType<typeof setTimeout>>();

    const setTypist = (author: Author, on: boolean) => {
      const id = `${author.kind}:${author.id ?? ''}`;
      const previous = typingTimers.get(id);
      if (previous) clearTimeout(previous);
      typingTimers.delete(id);
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
        typingTimers.set(
          id,
          setTimeout(() => apply(false), TYPING_STALE_MS),
        );
    };

    const handle = (frame: RoomServerFrame) => {
      switch (frame.type) {
        case 'message':
          update((thread) => applyMessage(thread, frame.message));
          if (frame.message.author.kind === 'visitor') {
            setTypist(frame.message.author, false);
            markRead();
          }
          return;
        case 'ack':
          update((thread) => applyAck(thread, frame, meRef.current));
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
            update((thread) => (frame.seq > thread.visitorReadSeq ? { ...thread, visitorReadSeq: frame.seq } : thread));
          }
          return;
        case 'presence':
          setViewers(frame.agents.filter((a) => a.id !== meRef.current.id));
          return;
        case 'conversation':
          update((thread) => ({ ...thread, conversation: frame.conversation }));
          return;
        case 'error': {
          const { clientId } = frame;
          if (clientId) {
            if (RETRYABLE.has(frame.code)) {
              // Back-pressure, not failure: the same clientId goes again after the hint.
              const timer = setTimeout(() => {
                retryTimers.delete(timer);
                const pending = queryClient
                  .getQueryData<Thread>(keyRef.current)
                  ?.pending.find((p) => p.clientId === clientId);
                if (pending)
                  sendFrame({
                    type: 'send',
                    clientId,
                    body: pending.body,
                    ...(pending.private ? { private: true } : {}),
                  });
              }, frame.retryAfterMs ?? 1000);
              retryTimers.add(timer);
            } else {
              update((thread) => setPendingState(thread, clientId, 'failed', frame.message));
            }
            return;
          }
          toast.error(frame.message);
          return;
        }
        default:
          return;
      }
    };

    const socket = createReconnectingSocket<RoomServerFrame, RoomClientFrame>({
      url: async () => {
        const token = await api.getFreshAccessToken();
        return token ? socketUrl(`/ws/conversations/${conversationId}?token=${encodeURIComponent(token)}`) : null;
      },
      parse: parseRoomFrame,
      ping: { type: 'ping' },
      onOpen: (send) => {
        const thread = queryClient.getQueryData<Thread>(keyRef.current);
        send({ type: 'resume', lastSeq: thread ? maxSeq(thread) : 0 });
        // In-flight sends go again under their ids: a committed one answers with its original seq.
        for (const p of thread?.pending ?? []) {
          if (p.state === 'sending')
            send({ type: 'send', clientId: p.clientId, body: p.body, ...(p.private ? { private: true } : {}) });
        }
      },
      onFrame: handle,
      onStatus: setStatus,
    });
    socketRef.current = socket;
    const onVisible = () => markRead();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      const typingState = typingRef.current;
      if (typingState.idle) clearTimeout(typingState.idle);
      typingRef.current = { on: false, idle: null };
      document.removeEventListener('visibilitychange', onVisible);
      for (const timer of typingTimers.values()) clearTimeout(timer);
      for (const timer of retryTimers) clearTimeout(timer);
      socket.close();
      socketRef.current = null;
      setVisitorTyping(false);
      setAgentsTyping([]);
      setViewers([]);
      setStatus('connecting');
    };
  }, [ready, conversationId, queryClient, update, markRead, sendFrame]);

  const stopTyping = useCallback(() => {
    const typing = typingRef.current;
    if (typing.idle) clearTimeout(typing.idle);
    typing.idle = null;
    if (typing.on) sendFrame({ type: 'typing', on: false });
    typing.on = false;
  }, [sendFrame]);

  const typing = useCallback(
    (isPrivate: boolean) => {
      const state = typingRef.current;
      if (!state.on) {
        state.on = sendFrame({ type: 'typing', on: true, ...(isPrivate ? { private: true } : {}) });
      }
      if (state.idle) clearTimeout(state.idle);
      state.idle = setTimeout(stopTyping, TYPING_IDLE_MS);
    },
    [sendFrame, stopTyping],
  );

  const send = useCallback(
    (body: string, isPrivate: boolean) => {
      const clientId = newClientId();
      update((thread) =>
        addPending(thread, {
          clientId,
          body,
          private: isPrivate,
          createdAt: new Date().toISOString(),
          state: 'sending',
        }),
      );
      stopTyping();
      // When the socket is down the message waits in the thread and goes on reconnect.
      sendFrame({ type: 'send', clientId, body, ...(isPrivate ? { private: true } : {}) });
    },
    [update, sendFrame, stopTyping],
  );

  const retry = useCallback(
    (clientId: string) => {
      const pending = queryClient.getQueryData<Thread>(keyRef.current)?.pending.find((p) => p.clientId === clientId);
      if (!pending) return;
      update((thread) => setPendingState(thread, clientId, 'sending'));
      sendFrame({ type: 'send', clientId, body: pending.body, ...(pending.private ? { private: true } : {}) });
    },
    [queryClient, update, sendFrame],
  );

  const discard = useCallback((clientId: string) => update((thread) => removePending(thread, clientId)), [update]);

  return { status, visitorTyping, agentsTyping, viewers, send, retry, discard, typing, stopTyping };
}
