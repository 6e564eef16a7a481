// Business hours across a DST change and over midnight in non-UTC zones, the next change the
// inbox's alarm waits for, and the availability precedence (forced, closed, nobody online).
import { describe, expect, it } from 'vitest';
import { type BusinessHours, businessHours, DEFAULT_BUSINESS_HOURS } from '../../contract/availability.ts';
import { availabilityAt, instantOf, isOpen, localTime, nextChange } from './hours.ts';

const at = (iso: string) => Date.parse(iso);
const nine2five = [{ start: '09:00', end: '17:00' }];

const paris: BusinessHours = businessHours.parse({
  enabled: true,
  timeZone: 'Europe/Paris',
  schedule: { mon: nine2five, tue: nine2five, wed: nine2five, thu: nine2five, fri: nine2five },
  closedDates: ['2026-12-25'],
});

describe('local time', () => {
  it('reads the wall clock in a zone, and back', () => {
    expect(localTime(at('2026-07-01T07:30:00Z'), 'Europe/Paris')).toEqual({
      date: '2026-07-01',
      weekday: 3,
      minutes: 570,
    });
    expect(localTime(at('2026-07-01T02:00:00Z'), 'America/New_York')).toEqual({
      date: '2026-06-30',
      weekday: 2,
      minutes: 1320,
    });
    expect(new Date(instantOf('2026-07-01', 570, 'Europe/Paris')).toISOString()).toBe('2026-07-01T07:30:00.000Z');
    expect(new Date(instantOf('2026-01-15', 570, 'Europe/Paris')).toISOString()).toBe('2026-01-15T08:30:00.000Z');
  });

  it('lands just after a DST gap', () => {
    // 02:30 does not exist in Paris on 2026-03-29 (clocks go 02:00 → 03:00).
    expect(new Date(instantOf('2026-03-29', 150, 'Europe/Paris')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // West of UTC too: 02:00 and 02:30 do not exist in New York on 2026-03-08 (02:00 EST → 03:00 EDT
    // at 07:00Z); they are 03:00 and 03:30 EDT, not 01:00 and 01:30 EST.
    expect(new Date(instantOf('2026-03-08', 120, 'America/New_York')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(new Date(instantOf('2026-03-08', 150, 'America/New_York')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });
});

describe('business hours across a DST change', () => {
  it('opens at 09:00 local on both sides of the spring change (Paris: UTC+1 then UTC+2)', () => {
    // Friday 27 March 2026 (CET, UTC+1) and Monday 30 March 2026 (CEST, UTC+2).
    expect(isOpen(paris, at('2026-03-27T07:59:00Z'))).toBe(false);
    expect(isOpen(paris, at('2026-03-27T08:00:00Z'))).toBe(true);
    expect(isOpen(paris, at('2026-03-30T06:59:00Z'))).toBe(false);
    expect(isOpen(paris, at('2026-03-30T07:00:00Z'))).toBe(true);
    expect(isOpen(paris, at('2026-03-30T14:59:00Z'))).toBe(true);
    expect(isOpen(paris, at('2026-03-30T15:00:00Z'))).toBe(false);
  });

  it('finds the next opening over a weekend that changes offset', () => {
    // Friday 17:00 CET closes; the next opening is Monday 09:00 CEST = 07:00Z, not 08:00Z.
    expect(new Date(nextChange(paris, at('2026-03-27T16:00:00Z')) ?? 0).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // And in autumn (New York, 1 November 2026): Monday 09:00 EST = 14:00Z.
    const ny = { ...paris, timeZone: 'America/New_York' };
    expect(new Date(nextChange(ny, at('2026-10-30T22:00:00Z')) ?? 0).toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });

  it('keeps an interval that spans the change the right length', () => {
    const sunday: BusinessHours = {
      ...paris,
      schedule: { ...paris.schedule, sun: [{ start: '01:00', end: '04:00' }] },
    };
    // 01:00 CET = 00:00Z; 04:00 CEST = 02:00Z: two hours of real time.
    expect(isOpen(sunday, at('2026-03-29T00:00:00Z'))).toBe(true);
    expect(isOpen(sunday, at('2026-03-29T01:59:00Z'))).toBe(true);
    expect(new Date(nextChange(sunday, at('2026-03-29T00:30:00Z')) ?? 0).toISOString()).toBe(
      '2026-03-29T02:00:00.000Z',
    );
  });

  it('closes a night shift that ends at 02:00 when the clocks jump over 02:00 (New York, 8 March 2026)', () => {
    const night: BusinessHours = {
      ...paris,
      timeZone: 'America/New_York',
      schedule: { ...paris.schedule, sat: [{ start: '22:00', end: '24:00' }], sun: [{ start: '00:00', end: '02:00' }] },
    };
    // Saturday 23:00 EST = 04:00Z: open until 01:59:59 EST, then 03:00 EDT (07:00Z), closed.
    expect(isOpen(night, at('2026-03-08T06:59:00Z'))).toBe(true);
    expect(isOpen(night, at('2026-03-08T07:00:00Z'))).toBe(false);
    expect(new Date(nextChange(night, at('2026-03-08T04:00:00Z')) ?? 0).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });
});

describe('business hours over midnight in a non-UTC zone', () => {
  // A night shift in Tokyo (UTC+9): Monday 22:00–24:00 then Tuesday 00:00–02:00.
  const tokyo: BusinessHours = businessHours.parse({
    enabled: true,
    timeZone: 'Asia/Tokyo',
    schedule: { mon: [{ start: '22:00', end: '24:00' }], tue: [{ start: '00:00', end: '02:00' }] },
  });

  it('stays open across local midnight (which is 15:00Z)', () => {
    expect(isOpen(tokyo, at('2026-06-01T12:59:00Z'))).toBe(false); // Mon 21:59
    expect(isOpen(tokyo, at('2026-06-01T13:00:00Z'))).toBe(true); // Mon 22:00
    expect(isOpen(tokyo, at('2026-06-01T15:00:00Z'))).toBe(true); // Tue 00:00
    expect(isOpen(tokyo, at('2026-06-01T16:59:00Z'))).toBe(true); // Tue 01:59
    expect(isOpen(tokyo, at('2026-06-01T17:00:00Z'))).toBe(false); // Tue 02:00
  });

  it('does not see midnight as a change, and closes at 02:00', () => {
    expect(new Date(nextChange(tokyo, at('2026-06-01T14:00:00Z')) ?? 0).toISOString()).toBe('2026-06-01T17:00:00.000Z');
    // After closing, the next opening is the Monday after.
    expect(new Date(nextChange(tokyo, at('2026-06-01T17:00:00Z')) ?? 0).toISOString()).toBe('2026-06-08T13:00:00.000Z');
  });

  it('uses the local date for closed dates, not the UTC one', () => {
    const closed = { ...tokyo, closedDates: ['2026-06-02'] };
    // Tue 00:30 in Tokyo is still Monday 15:30Z: closed (it is 2 June there).
    expect(isOpen(closed, at('2026-06-01T15:30:00Z'))).toBe(false);
    expect(isOpen(closed, at('2026-06-01T14:30:00Z'))).toBe(true);
  });
});

describe('availability', () => {
  it('is forced away first, then closed (with the next opening), then away with nobody online', () => {
    const monday10 = at('2026-06-01T08:00:00Z');
    expect(availabilityAt(paris, 1, monday10)).toEqual({ state: 'available', reason: null, nextOpenAt: null });
    expect(availabilityAt(paris, 0, monday10)).toEqual({ state: 'away', reason: 'no_agents', nextOpenAt: null });
    expect(availabilityAt({ ...paris, forceAway: true }, 3, monday10).reason).toBe('forced');
    expect(availabilityAt(paris, 3, at('2026-06-01T18:00:00Z'))).toEqual({
      state: 'away',
      reason: 'closed',
      nextOpenAt: '2026-06-02T07:00:00.000Z',
    });
    // Christmas is a closed Friday: the next opening is Monday the 28th.
    expect(availabilityAt(paris, 3, at('2026-12-24T17:00:00Z')).nextOpenAt).toBe('2026-12-28T08:00:00.000Z');
  });

  it('ignores the schedule when hours are off', () => {
    expect(isOpen(DEFAULT_BUSINESS_HOURS, at('2026-06-07T03:00:00Z'))).toBe(true);
    expect(nextChange(DEFAULT_BUSINESS_HOURS, 0)).toBeNull();
  });
});

describe('validation', () => {
  const base = { enabled: true, timeZone: 'Europe/Paris', schedule: {} };
  it('refuses overlaps, backwards intervals, unknown zones and bad dates', () => {
    const bad = [
      {
        ...base,
        schedule: {
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '14:00' },
          ],
        },
      },
      { ...base, schedule: { mon: [{ start: '17:00', end: '09:00' }] } },
      { ...base, schedule: { mon: [{ start: '9:00', end: '12:00' }] } },
      { ...base, schedule: { mon: [{ start: '24:00', end: '24:00' }] } },
      { ...base, timeZone: 'Mars/Olympus' },
      { ...base, closedDates: ['2026-13-01'] },
      { ...base, schedule: { funday: [] } },
    ];
    for (const b of bad) expect(businessHours.safeParse(b).success, JSON.stringify(b)).toBe(false);
    expect(
      businessHours.safeParse({
        ...base,
        schedule: {
          mon: [
            { start: '13:00', end: '17:00' },
            { start: '09:00', end: '13:00' },
          ],
        },
      }).success,
    ).toBe(true);
  });
});
