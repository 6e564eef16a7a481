// Types the Worker and the ConversationRoom share: who is on a socket (as the Worker authenticated
// it — the DO trusts nothing else), what a send carries and what it returns.
import { z } from 'zod';
import type { StoredAttachment } from '../../contract/events.ts';
import type { ErrorCode } from '../../contract/frames.ts';

/**
 * A participant as authenticated by the Worker. On a socket upgrade an agent also carries the
 * session their token names, so the socket can be closed when that session ends.
 */
export type Participant =
  | { kind: 'visitor'; id: string; name: string | null }
  | { kind: 'agent'; id: string; name: string; sessionId?: string };

/** Which conversation a room serves; the Worker resolved and authorised it before calling. */
export interface ConversationRef {
  id: string;
  projectId: string;
}

/** An attachment already stored in R2 by the upload route (its shape is the event payload's). */
export type { StoredAttachment } from '../../contract/events.ts';

export interface SendInput {
  clientId: string;
  body: string;
  private?: boolean;
  /** A private note's mentioned user ids (validated shape; membership is checked at commit). */
  mentions?: string[];
  attachment?: StoredAttachment;
}

export type SendResult =
  | { ok: true; seq: number; messageId: string; createdAt: string; duplicate: boolean }
  | { ok: false; code: ErrorCode; message: string; retryAfterMs?: number };

/** Result of status / assignment changes requested over RPC. */
export type ChangeResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

/** Header names the Worker sets on the WebSocket upgrade it forwards to a DO. */
export const IDENTITY_HEADER = 'x-parley-identity';
export const CONVERSATION_HEADER = 'x-parley-conversation';

export const participantSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('visitor'), id: z.string().uuid(), name: z.string().nullable() }),
  z.object({
    kind: z.literal('agent'),
    id: z.string().uuid(),
    name: z.string(),
    sessionId: z.string().uuid().optional(),
  }),
]);

export const conversationRefSchema = z.object({ id: z.string().uuid(), projectId: z.string().uuid() });

/** Who read a conversation. */
export type Reader = { kind: 'visitor' | 'agent'; id: string };

export type { Actor } from '../../contract/events.ts';

/**
 * Which agent sockets to close and how (the Worker asks each ProjectInbox, which asks its rooms):
 * the user's sockets opened with one of `sessionIds`, or all of them when absent.
 */
export interface AgentSocketsTarget {
  userId: string;
  sessionIds?: string[];
  /** A close code of contract/frames.ts CLOSE_CODES, and its reason. */
  code: number;
  reason: string;
}
