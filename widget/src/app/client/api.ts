// The widget's HTTP calls to Parley: the visitor session (token, settings, conversations), the
// visitor's conversations page by page, and opening a conversation. Cross-origin from the host page, without cookies (credentials: 'omit').
// The answers' shapes are the contract's (contract/rest/widget.ts), imported as types only: zod
// stays out of the widget bundle, and the Worker validates what it sends.
import type { Availability, ExpectedReply } from '../../../../contract/availability.ts';
import type { ConversationSummary } from '../../../../contract/frames.ts';
import type { Ok } from '../../../../contract/rest/common.ts';
import type { AttributesRequest, AttributesResponse } from '../../../../contract/rest/contacts.ts';
import type { AttachmentLimits } from '../../../../contract/rest/conversation-settings.ts';
import type { TranscriptResponse } from '../../../../contract/rest/transcripts.ts';
import type { VisitorContextReport } from '../../../../contract/rest/visitors.ts';
import type {
  ConversationListResponse,
  OpenConversationResponse,
  VisitorClaimsRequest,
  VisitorResponse,
  WidgetSessionResponse,
  WidgetVisitor,
} from '../../../../contract/rest/widget.ts';
import type { WidgetSettings } from '../../../../contract/widget-settings.ts';
import type { VisitorIdentity } from '../../contract.ts';

export type { SendAck } from '../../../../contract/rest/widget.ts';
export type { AttachmentLimits, WidgetSettings };
export type Visitor = WidgetVisitor;

export interface Session {
  visitorToken: string;
  visitor: Visitor;
  settings: WidgetSettings;
  /** What the visitor may attach; null when the server does not say (then no file button). */
  attachments: AttachmentLimits | null;
  conversations: ConversationSummary[];
  /** Available or away when the session was made; the room's `availability` frame updates it. */
  availability: Availability;
  expectedReply: ExpectedReply;
  /** Minutes the visitor may delete their own message (0: never). */
  deleteWindowMinutes: number;
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

/** POST `body` as JSON, or GET when `body` is undefined. */
async function call<T>(apiBase: string, path: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${apiBase}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
  });
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) {
    throw new ApiFailure(res.status, json?.error?.code ?? 'http_error', json?.error?.message ?? `HTTP ${res.status}`);
  }
  return json as T;
}

export async function createSession(
  apiBase: string,
  input: { widgetKey: string; visitorToken?: string; identity?: VisitorIdentity },
): Promise<Session> {
  const res = await call<WidgetSessionResponse>(apiBase, '/api/widget/session', input);
  return {
    visitorToken: res.token,
    visitor: res.visitor,
    settings: res.project.widgetSettings,
    attachments: res.project.attachments ?? null,
    conversations: res.conversations,
    availability: res.project.availability,
    expectedReply: res.project.expectedReply,
    deleteWindowMinutes: res.project.messageDeleteWindowMinutes ?? 0,
  };
}

/**
 * Opens a conversation with its first message in one request. Idempotent by clientId: a retry
 * returns the conversation (and the message's original seq) the first attempt created.
 */
export const openConversation = (apiBase: string, token: string, clientId: string, body: string) =>
  call<OpenConversationResponse>(apiBase, '/api/widget/conversations', { clientId, body }, token);

/** A page of the visitor's own conversations, most recently active first. */
export const listConversations = (apiBase: string, token: string, cursor: string | null) =>
  call<ConversationListResponse>(
    apiBase,
    `/api/widget/conversations?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    undefined,
    token,
  );

/** The page the visitor is on, for the agents' visitor panel (best effort: failures are ignored). */
export const reportPage = (apiBase: string, token: string, context: VisitorContextReport) =>
  call<Ok>(apiBase, '/api/widget/context', context, token);

/** The visitor's own name and email (unverified claims, e.g. from the pre-chat form). */
export const updateVisitor = (apiBase: string, token: string, input: VisitorClaimsRequest) =>
  call<VisitorResponse>(apiBase, '/api/widget/visitor', input, token);

/** `Parley('update', { attributes })`: values for the visitor's contact, checked by the Worker against the project's definitions. */
export const updateAttributes = (apiBase: string, token: string, attributes: AttributesRequest['attributes']) =>
  call<AttributesResponse>(apiBase, '/api/widget/visitor/attributes', { attributes }, token);

export function socketUrl(apiBase: string, conversationId: string, token: string): string {
  const url = new URL(`/ws/conversations/${encodeURIComponent(conversationId)}`, apiBase);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.href;
}

/** Asks for the conversation's transcript by email (sent when it is resolved); `email` when the visitor has none. */
export const requestTranscript = (apiBase: string, token: string, conversationId: string, email?: string) =>
  call<TranscriptResponse>(
    apiBase,
    `/api/widget/conversations/${encodeURIComponent(conversationId)}/transcript`,
    email ? { email } : {},
    token,
  );
