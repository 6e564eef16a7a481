// The business-hours form: problems named by day, dates parsed, the badge's words.
import { describe, expect, it } from 'vitest';
import { availabilityText, firstProblem, parseDates } from './hours-form.ts';

describe('hours form', () => {
  it('names the first problem with its day', () => {
    const base = { enabled: true, timeZone: 'Europe/Paris', schedule: {} };
    expect(firstProblem(base)).toBeNull();
    expect(
      firstProblem({
        ...base,
        schedule: {
          tue: [
            { start: '10:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      }),
    ).toBe('Tuesday: 10:00–12:00 overlaps 11:00–13:00');
    expect(firstProblem({ ...base, timeZone: 'Nowhere/Town' })).toContain('IANA');
  });

  it('parses closed dates and words the state', () => {
    expect(parseDates('2026-12-25, 2026-12-26\n2027-01-01')).toEqual(['2026-12-25', '2026-12-26', '2027-01-01']);
    expect(availabilityText({ state: 'away', reason: 'closed', nextOpenAt: null })).toBe(
      'Away: outside business hours',
    );
  });
});
