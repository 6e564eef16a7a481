// Keeps several tabs of the same visitor in step: each tab has its own socket (so each gets every
// message), and a BroadcastChannel per project carries what only one tab knows — that the visitor
// read up to a seq, started a conversation, or signed in with a new token.

export type TabMessage =
  | { type: 'read'; conversationId: string; seq: number }
  | { type: 'conversation'; conversationId: string }
  | { type: 'session' };

export interface TabSync {
  post(message: TabMessage): void;
  close(): void;
}

export function tabSync(channelName: string, onMessage: (message: TabMessage) => void): TabSync {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, close() {} };
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event: MessageEvent<TabMessage>) => onMessage(event.data);
  return {
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  };
}
