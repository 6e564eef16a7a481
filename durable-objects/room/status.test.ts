// Status rules: only a snooze keeps a time, a change to the same status and time is no change,
// and a snooze ends once its time has come.
import { describe, expect, it } from 'vitest';
import { RoomError } from './errors.ts';
import { snoozeEnded, statusChange } from './status.ts';

const at = (ms: number) => new Date(ms);

describe('statusChange', () => {
  const open = { status: 'open' as const, snoozedUntil: null };
  const snoozed = { status: 'snoozed' as const, snoozedUntil: at(5_000) };

  it('writes a time only for a snooze', () => {
    expect(statusChange(open, 'snoozed', at(5_000))).toEqual({ until: at(5_000) });
    expect(statusChange(snoozed, 'resolved', at(9_000))).toEqual({ until: null });
  });

  it('is unchanged for the same status and time, a change for a new snooze time', () => {
    expect(statusChange(open, 'open', null)).toBe('unchanged');
    expect(statusChange(open, 'open', at(1))).toBe('unchanged');
    expect(statusChange(snoozed, 'snoozed', at(5_000))).toBe('unchanged');
    expect(statusChange(snoozed, 'snoozed', at(6_000))).toEqual({ until: at(6_000) });
  });

  it('refuses a snooze without a time', () => {
    expect(() => statusChange(open, 'snoozed', null)).toThrow(RoomError);
    expect(() => statusChange(open, 'snoozed', null)).toThrow('Snoozing needs snoozedUntil');
  });
});

describe('snoozeEnded', () => {
  it('is true once a snoozed conversation’s time has come, never for other statuses', () => {
    const snoozed = { status: 'snoozed' as const, snoozedUntil: at(5_000) };
    expect(snoozeEnded(snoozed, 4_999)).toBe(false);
    expect(snoozeEnded(snoozed, 5_000)).toBe(true);
    expect(snoozeEnded({ status: 'open', snoozedUntil: at(0) }, 9_000)).toBe(false);
    expect(snoozeEnded({ status: 'snoozed', snoozedUntil: null }, 9_000)).toBe(false);
  });
});
