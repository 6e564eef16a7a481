// The backstop's verdict on a socket's holder, and which sockets a revocation targets.
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../contract/frames.ts';
import { type Standing, targets, verdict } from './authority.ts';

const standing = (s: Partial<Standing> = {}): Standing => ({
  liveSessions: new Set(['s1']),
  goodMembers: new Set(['u1']),
  blockedVisitors: new Set(),
  ...s,
});

describe('verdict', () => {
  it('keeps an agent whose session is live and who is a member in good standing', () => {
    expect(verdict({ kind: 'agent', id: 'u1', sessionId: 's1' }, standing())).toBeNull();
  });

  it('closes an ended session with 4401 before looking at membership', () => {
    const v = verdict({ kind: 'agent', id: 'u1', sessionId: 's2' }, standing({ goodMembers: new Set() }));
    expect(v?.code).toBe(CLOSE_CODES.authorityRevoked);
  });

  it('closes an agent who is no longer a member (or lacks the required 2FA) with 4403', () => {
    expect(verdict({ kind: 'agent', id: 'u2', sessionId: 's1' }, standing())?.code).toBe(CLOSE_CODES.notMember);
    // A socket accepted before sessions were recorded is still held to membership.
    expect(verdict({ kind: 'agent', id: 'u2' }, standing())?.code).toBe(CLOSE_CODES.notMember);
  });

  it('closes a blocked visitor with 4403 (final) and keeps the others', () => {
    expect(verdict({ kind: 'visitor', id: 'v1' }, standing({ blockedVisitors: new Set(['v1']) }))?.code).toBe(
      CLOSE_CODES.notMember,
    );
    expect(verdict({ kind: 'visitor', id: 'v2' }, standing({ blockedVisitors: new Set(['v1']) }))).toBeNull();
  });
});

describe('targets', () => {
  it('matches the user’s sockets of the given sessions, or all of theirs without sessions', () => {
    const socket = { kind: 'agent', id: 'u1', sessionId: 's1' } as const;
    expect(targets(socket, { userId: 'u1', sessionIds: ['s1'] })).toBe(true);
    expect(targets(socket, { userId: 'u1', sessionIds: ['s2'] })).toBe(false);
    expect(targets(socket, { userId: 'u1' })).toBe(true);
    expect(targets(socket, { userId: 'u2' })).toBe(false);
    expect(targets({ kind: 'visitor', id: 'u1' }, { userId: 'u1' })).toBe(false);
  });
});
