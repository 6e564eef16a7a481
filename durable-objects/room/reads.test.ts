// Read marks' rules: clamped to what is committed, only forward, and when the alarm is due.
import { describe, expect, it } from 'vitest';
import { advanceRead, clampRead, nextAlarm } from './reads.ts';

describe('clampRead', () => {
  it('keeps a read within 0..lastSeq', () => {
    expect(clampRead(4, 10)).toBe(4);
    expect(clampRead(99, 10)).toBe(10);
    expect(clampRead(-1, 10)).toBe(0);
  });
});

describe('advanceRead', () => {
  it('moves only the reader’s side, and only forward', () => {
    const state = { agentReadSeq: 3, visitorReadSeq: 5 };
    expect(advanceRead(state, 'agent', 4)).toBe(true);
    expect(state).toEqual({ agentReadSeq: 4, visitorReadSeq: 5 });
    expect(advanceRead(state, 'visitor', 5)).toBe(false);
    expect(advanceRead(state, 'visitor', 2)).toBe(false);
    expect(state).toEqual({ agentReadSeq: 4, visitorReadSeq: 5 });
  });
});

describe('nextAlarm', () => {
  const now = 1_000_000;
  const open = { status: 'open' as const, snoozedUntil: null };

  it('is due one flush interval from now when reads are pending', () => {
    expect(nextAlarm(now, 2_000, true, open)).toBe(now + 2_000);
    expect(nextAlarm(now, 2_000, true, null)).toBe(now + 2_000);
  });

  it('is due at the snooze’s end when that comes first, and not at all when nothing waits', () => {
    const snoozed = { status: 'snoozed' as const, snoozedUntil: new Date(now + 500) };
    expect(nextAlarm(now, 2_000, true, snoozed)).toBe(now + 500);
    expect(nextAlarm(now, 2_000, false, snoozed)).toBe(now + 500);
    expect(nextAlarm(now, 2_000, false, open)).toBeNull();
    // A snoozedUntil left on a conversation no longer snoozed sets nothing.
    expect(nextAlarm(now, 2_000, false, { status: 'resolved', snoozedUntil: new Date(now) })).toBeNull();
  });
});
