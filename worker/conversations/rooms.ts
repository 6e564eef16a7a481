// How the Worker reaches the Durable Objects: one ConversationRoom per conversation (by id), one
// ProjectInbox per project (by id). Errors from a room's RPC become typed HTTP errors here.
import type { ErrorCode } from '../../contract/frames.ts';
import type { ChangeResult, ConversationRef, SendResult } from '../../core/conversations/room-api.ts';
import { currentTrace, REQUEST_ID_HEADER } from '../../core/platform/log.ts';
import { ApiError } from '../errors.ts';

type RoomStub = ReturnType<Env['CONVERSATION_ROOM']['getByName']>;
type InboxStub = ReturnType<Env['PROJECT_INBOX']['getByName']>;

/** `stub` with some of its methods replaced by `traced`; every other method passes through unchanged. */
function withTrace<S extends object>(stub: S, traced: Partial<Record<keyof S, unknown>>): S {
  return new Proxy(stub, {
    get: (target, property) => {
      if (typeof property === 'string' && Object.hasOwn(traced, property)) {
        return traced[property as keyof S];
      }
      const value: unknown = Reflect.get(target, property);
      // Not value.bind(target): on an RPC stub, `bind` would be read as one more remote method.
      return typeof value === 'function' ? (...args: unknown[]) => Reflect.apply(value, target, args) : value;
    },
  });
}

/**
 * The conversation's room. Its calls carry the current request id (the upgrade as a header, the
 * RPC calls as their last argument), so what the room logs names the request that caused it.
 */
export function roomFor(env: Env, conversationId: string): RoomStub {
  const stub = env.CONVERSATION_ROOM.getByName(conversationId);
  const trace = currentTrace();
  return withTrace<RoomStub>(stub, {
    fetch: (request: Request) => {
      const headers = new Headers(request.headers);
      headers.set(REQUEST_ID_HEADER, trace.requestId);
      return stub.fetch(new Request(request, { headers }));
    },
    send: (...[ref, participant, input]: Parameters<RoomStub['send']>) => stub.send(ref, participant, input, trace),
    setStatus: (...[ref, actor, status, until]: Parameters<RoomStub['setStatus']>) =>
      stub.setStatus(ref, actor, status, until, trace),
    assign: (...[ref, actor, assigneeId]: Parameters<RoomStub['assign']>) => stub.assign(ref, actor, assigneeId, trace),
    deleteMessage: (...[ref, by, messageId]: Parameters<RoomStub['deleteMessage']>) =>
      stub.deleteMessage(ref, by, messageId, trace),
    rate: (...[ref, input]: Parameters<RoomStub['rate']>) => stub.rate(ref, input, trace),
    markRead: (...[ref, reader, seq]: Parameters<RoomStub['markRead']>) => stub.markRead(ref, reader, seq, trace),
    reload: (...[ref]: Parameters<RoomStub['reload']>) => stub.reload(ref, trace),
    closeVisitorSockets: (...[ref, visitorId]: Parameters<RoomStub['closeVisitorSockets']>) =>
      stub.closeVisitorSockets(ref, visitorId, trace),
  });
}

/** The project's inbox; a revocation carries the request id on to the rooms it reaches. */
export function inboxFor(env: Env, projectId: string): InboxStub {
  const stub = env.PROJECT_INBOX.getByName(projectId);
  const trace = currentTrace();
  return withTrace<InboxStub>(stub, {
    closeAgentSockets: (...[target]: Parameters<InboxStub['closeAgentSockets']>) =>
      stub.closeAgentSockets(target, trace),
  });
}

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
  already_deleted: 409,
  delete_window_passed: 403,
  not_resolved: 409,
  rating_closed: 409,
  csat_off: 403,
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
