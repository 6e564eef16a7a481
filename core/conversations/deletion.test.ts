// Who may delete which message, and when: authors within the project's window, agents any
// visitor message; visitors never learn of private notes.
import { describe, expect, it } from 'vitest';
import { type DeletionTarget, deletionRefusal } from './deletion.ts';

const now = new Date('2026-12-06T12:00:00.000Z');
const target = (over: Partial<DeletionTarget> = {}): DeletionTarget => ({
  id: 'm1',
  seq: 3,
  authorKind: 'visitor',
  authorId: 'v1',
  private: false,
  createdAt: new Date(now.getTime() - 5 * 60_000),
  deletedAt: null,
  attachmentKey: null,
  windowMinutes: 15,
  ...over,
});
const visitor = { kind: 'visitor' as const, id: 'v1' };
const agent = { kind: 'agent' as const, id: 'a1' };
const code = (t: DeletionTarget | null, by: { kind: 'visitor' | 'agent'; id: string }) =>
  deletionRefusal(t, by, now)?.code ?? null;

describe('deletionRefusal', () => {
  it('lets authors delete within the window, never after it or with a window of 0', () => {
    expect(code(target(), visitor)).toBeNull();
    expect(code(target({ createdAt: new Date(now.getTime() - 15 * 60_000) }), visitor)).toBeNull();
    expect(code(target({ createdAt: new Date(now.getTime() - 15 * 60_000 - 1) }), visitor)).toBe(
      'delete_window_passed',
    );
    expect(code(target({ windowMinutes: 0 }), visitor)).toBe('delete_window_passed');
    expect(code(target({ authorKind: 'agent', authorId: 'a1' }), agent)).toBeNull();
    expect(code(target({ authorKind: 'agent', authorId: 'a1', windowMinutes: 0 }), agent)).toBe('delete_window_passed');
  });

  it('lets agents delete any visitor message at any time, and nothing of other agents or the system', () => {
    expect(code(target({ createdAt: new Date(0), windowMinutes: 0 }), agent)).toBeNull();
    expect(code(target({ authorKind: 'agent', authorId: 'a2' }), agent)).toBe('forbidden');
    expect(code(target({ authorKind: 'system', authorId: null }), agent)).toBe('forbidden');
    expect(code(target({ authorKind: 'agent', authorId: 'a2' }), visitor)).toBe('forbidden');
    expect(code(target({ authorId: 'v2' }), visitor)).toBe('forbidden');
  });

  it('answers not_found for nothing, and for a private note asked for by a visitor; already_deleted once gone', () => {
    expect(code(null, agent)).toBe('not_found');
    expect(code(target({ authorKind: 'agent', authorId: 'a1', private: true }), visitor)).toBe('not_found');
    expect(code(target({ deletedAt: now }), agent)).toBe('already_deleted');
  });
});
