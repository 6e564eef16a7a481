// Typed failures inside a room, and how any failure is told to a client: a RoomError keeps its
// code; anything else (a dropped connection, a Postgres error) is `unavailable` — retryable,
// because nothing was acknowledged.
import type { Author, ErrorCode } from '../../contract/frames.ts';
import type { ChangeResult, Participant } from '../../core/conversations/room-api.ts';

export class RoomError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export const failure = (err: unknown): { code: ErrorCode; message: string } =>
  err instanceof RoomError
    ? { code: err.code, message: err.message }
    : { code: 'unavailable', message: 'Could not commit; retry with the same clientId' };

/** Runs `fn` for an RPC caller: its failure becomes an answer (with its code) instead of a throw. */
export async function asResult<T>(fn: () => Promise<T>): Promise<ChangeResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, ...failure(err) };
  }
}

export const authorOf = (p: Participant): Author =>
  p.name ? { kind: p.kind, id: p.id, name: p.name } : { kind: p.kind, id: p.id };

export const sameAuthor = (a: Author, p: Participant) => a.kind === p.kind && a.id === p.id;
