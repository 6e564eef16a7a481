// The widget's HTTP calls to Parley: the visitor session (token, settings, conversations) and
// opening a conversation. Cross-origin from the host page, without cookies (credentials: 'omit').
import type { ConversationSummary } from '../../../../durable-objects/protocol.ts';
import type { VisitorIdentity } from '../../contract.ts';

export interface WidgetSettings {
  color?: string;
  position?: 'left' | 'right';
  launcherLabel?: string;
  greeting?: string;
  awayMessage?: string;
  locale?: string;
  preChatForm?: boolean;
}

export interface Visitor {
  id: string;
  name: string | null;
  email: string | null;
  verified?: boolean;
}

export interface Session {
  visitorToken: string;
  visitor: Visitor;
  settings: WidgetSettings;
  conversations: ConversationSummary[];
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call<T>(apiBase: string, path: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${apiBase}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    credentials: 'omit',
  });
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) {
    throw new ApiFailure(res.status, json?.error?.code ?? 'http_error', json?.error?.message ?? `HTTP ${res.status}`);
  }
  return json as T;
}

export const createSession = (
  apiBase: string,
  input: { widgetKey: string; visitorToken?: string; identity?: VisitorIdentity },
) => call<Session>(apiBase, '/api/widget/session', input);

/** Idempotent by clientId: a retried request returns the conversation the first one opened. */
export const openConversation = (apiBase: string, token: string, clientId: string) =>
  call<{ conversation: ConversationSummary }>(apiBase, '/api/widget/conversations', { clientId }, token);

export function socketUrl(apiBase: string, conversationId: string, token: string): string {
  const url = new URL(`/ws/conversations/${encodeURIComponent(conversationId)}`, apiBase);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.href;
}
