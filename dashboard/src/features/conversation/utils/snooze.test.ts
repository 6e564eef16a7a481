// Snooze presets and the custom date parsing.
import { describe, expect, it } from 'vitest';
import { parseLocalDateTime, snoozeOptions } from './snooze.ts';

describe('snooze', () => {
  it('offers later today, tomorrow 9:00 and next Monday 9:00', () => {
    const wednesday = new Date(2026, 10, 25, 15, 30);
    const [oneHour, fourHours, tomorrow, monday] = snoozeOptions(wednesday);
    expect(oneHour?.until.getTime()).toBe(wednesday.getTime() + 3_600_000);
    expect(fourHours?.until.getTime()).toBe(wednesday.getTime() + 4 * 3_600_000);
    expect(tomorrow?.until).toEqual(new Date(2026, 10, 26, 9, 0));
    expect(monday?.until).toEqual(new Date(2026, 10, 30, 9, 0));
    // On a Monday, "next Monday" is a week later, not today.
    const aMonday = new Date(2026, 10, 30, 8, 0);
    expect(snoozeOptions(aMonday)[3]?.until).toEqual(new Date(2026, 11, 7, 9, 0));
  });

  it('accepts only a future custom time', () => {
    const now = new Date(2026, 10, 25, 15, 30);
    expect(parseLocalDateTime('2026-11-26T10:00', now)).toBe(new Date(2026, 10, 26, 10, 0).toISOString());
    expect(parseLocalDateTime('2026-11-25T15:00', now)).toBeNull();
    expect(parseLocalDateTime('', now)).toBeNull();
    expect(parseLocalDateTime('not a date', now)).toBeNull();
  });
});
