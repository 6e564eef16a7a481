// What the widget keeps in the host page's localStorage, namespaced per project (widget key): the
// visitor token, the launcher's look for the loader, and a bounded cache of each conversation so a
// page load shows the history at once, resumes from where it was and still sends what was unsent.
// Never cookies. Storage may be unavailable (privacy modes, sandboxed frames): every access
// degrades to "nothing stored".
import { type CachedLook, storageKey } from '../../contract.ts';
import type { ChatMessage } from './chat-state.ts';

const CACHE_MESSAGES = 200;

export interface CachedChat {
  messages: ChatMessage[];
  /** The visitor's messages not acknowledged yet (absent in caches written before they were kept). */
  pending?: ChatMessage[];
  watermark: number;
  visitorReadSeq: number;
  agentReadSeq: number;
}

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or disabled storage: the widget still works, it just starts fresh next time.
  }
}

export function projectStorage(widgetKey: string) {
  const key = (what: string) => storageKey(widgetKey, what);
  return {
    key,
    token: () => read<string>(key('visitor')),
    setToken: (token: string | null) => write(key('visitor'), token),
    setLook: (look: CachedLook) => write(key('look'), look),
    /** The visitor said "not now" to the email ask (away mode): it is not asked again. */
    emailSkipped: () => read<boolean>(key('email-skipped')) === true,
    skipEmail: () => write(key('email-skipped'), true),
    chat: (conversationId: string) => read<CachedChat>(key(`chat:${conversationId}`)),
    saveChat: (conversationId: string, chat: CachedChat) => {
      // Only the newest messages; the watermark still says where a resume must start.
      const messages = chat.messages.slice(-CACHE_MESSAGES);
      write(key(`chat:${conversationId}`), { ...chat, messages });
    },
  };
}

export type ProjectStorage = ReturnType<typeof projectStorage>;
