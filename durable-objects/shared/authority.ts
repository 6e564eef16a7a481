// Sockets whose authority ended, for both Durable Objects: how one is ended (a close code from
// contract/frames.ts, and no frame of it handled after), and the backstop's verdict on a socket
// from what Postgres says now (core/access/standing.ts).
import { CLOSE_CODES } from '../../contract/frames.ts';
import { blockedVisitors, liveSessions, membersInGoodStanding } from '../../core/access/standing.ts';
import type { Db } from '../../core/platform/db.ts';
import { socketAttachment } from './attachment.ts';

/**
 * How often an open socket's authority is re-checked when nothing told the object it ended (a
 * lost close message, a socket accepted while its session was being revoked). 60 s bounds that
 * window well below the 15-minute access token, for one wake and one Postgres read per object
 * with agent sockets per minute.
 */
export const AUTHORITY_CHECK_MS = 60_000;

/** Who holds a socket, as far as its authority goes. */
export interface SocketHolder {
  kind: 'agent' | 'visitor';
  /** The user or visitor id. */
  id: string;
  /** The agent's session (absent on sockets accepted before sessions were recorded). */
  sessionId?: string | undefined;
}

export interface Standing {
  liveSessions: ReadonlySet<string>;
  goodMembers: ReadonlySet<string>;
  blockedVisitors: ReadonlySet<string>;
}

export interface Ending {
  code: number;
  reason: string;
}

export const SESSION_ENDED: Ending = { code: CLOSE_CODES.authorityRevoked, reason: 'session ended' };
export const VISITOR_BLOCKED: Ending = { code: CLOSE_CODES.notMember, reason: 'visitor blocked' };
export const NOT_A_MEMBER: Ending = { code: CLOSE_CODES.notMember, reason: 'no longer a member' };
/** The conversation or project was erased: nothing is left to reconnect to. */
export const ERASED: Ending = { code: CLOSE_CODES.notMember, reason: 'erased' };

/** Why this holder's socket must close now, or null when it still may stay open. */
export function verdict(holder: SocketHolder, standing: Standing): Ending | null {
  if (holder.kind === 'visitor') return standing.blockedVisitors.has(holder.id) ? VISITOR_BLOCKED : null;
  if (holder.sessionId && !standing.liveSessions.has(holder.sessionId)) return SESSION_ENDED;
  if (!standing.goodMembers.has(holder.id)) return NOT_A_MEMBER;
  return null;
}

/** What Postgres says now about these holders in the project: three reads, one connection. */
export async function standingOf(db: Db, projectId: string, holders: readonly SocketHolder[]): Promise<Standing> {
  const agents = holders.filter((h) => h.kind === 'agent');
  const sessionIds = agents.flatMap((h) => (h.sessionId ? [h.sessionId] : []));
  const visitorIds = holders.filter((h) => h.kind === 'visitor').map((h) => h.id);
  return {
    liveSessions: await liveSessions(db, [...new Set(sessionIds)]),
    goodMembers: await membersInGoodStanding(db, projectId, [...new Set(agents.map((h) => h.id))]),
    blockedVisitors: await blockedVisitors(db, [...new Set(visitorIds)]),
  };
}

/** Marks a socket ended (its frames are dropped from now on) and closes it with the ending's code. */
const ended = socketAttachment<Ending>('ended');

export function endSocket(ws: WebSocket, ending: Ending): void {
  try {
    ended.write(ws, ending);
    ws.close(ending.code, ending.reason);
  } catch {
    // Already closed.
  }
}

/** When the socket's authority was last confirmed (ms), kept across hibernation. */
const checked = socketAttachment<number>('checked');

export const lastChecked = (ws: WebSocket): number => checked.read(ws) ?? 0;

export function markChecked(ws: WebSocket, at: number): void {
  try {
    checked.write(ws, at);
  } catch {
    // Already closed.
  }
}

/** Has this object ended the socket (or is it closing)? Its frames must not be handled. */
export function hasEnded(ws: WebSocket): boolean {
  return ended.read(ws) !== null || ws.readyState !== WebSocket.OPEN;
}

/** Does this holder match the target of a revocation (the user, and one of the sessions when given)? */
export function targets(holder: SocketHolder, target: { userId: string; sessionIds?: readonly string[] }): boolean {
  if (holder.kind !== 'agent' || holder.id !== target.userId) return false;
  return !target.sessionIds || (holder.sessionId !== undefined && target.sessionIds.includes(holder.sessionId));
}
