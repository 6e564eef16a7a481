// How the Worker reaches the Durable Objects: one ConversationRoom per conversation (by id), one
// ProjectInbox per project (by id). Errors from a room's RPC become typed HTTP errors here.
import type { ErrorCode } from '../../contract/frames.ts';
import type { ChangeResult, ConversationRef, SendResult } from '../../core/conversations/room-api.ts';
import { ApiError } from '../errors.ts';

export const roomFor = (env: Env, conversationId: string) => env.CONVERSATION_ROOM.getByName(conversationId);
export const inboxFor = (env: Env, projectId: string) => env.PROJECT_INBOX.getByName(projectId);

const STATUS: Record<ErrorCode, 400 | 403 | 404 | 409 | 413 | 429 | 500 | 503> = {
  bad_frame: 400,
  frame_too_large: 413,
  invalid_message: 400,
  rate_limited: 429,
  slow_down: 429,
  forbidden: 403,
  conversation_closed: 409,
  internal: 500,
  not_found: 404,
  identity_required: 403,
  unavailable: 503,
  client_id_reused: 409,
};

export function roomError(code: ErrorCode, message: string, retryAfterMs?: number): ApiError {
  const headers: Record<string, string> =
    retryAfterMs === undefined ? {} : { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
  return new ApiError(STATUS[code], code, message, headers);
}

export function unwrap<T>(result: ChangeResult<T>): T {
  if (!result.ok) throw roomError(result.code, result.message);
  return result.value;
}

export function unwrapSend(result: SendResult) {
  if (!result.ok) throw roomError(result.code, result.message, result.retryAfterMs);
  return { seq: result.seq, messageId: result.messageId, createdAt: result.createdAt, duplicate: result.duplicate };
}

export type { ConversationRef };
