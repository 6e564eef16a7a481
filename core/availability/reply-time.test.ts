// The measured reply time: a median, of conversations begun inside the hours only.
import { describe, expect, it } from 'vitest';
import { businessHours, DEFAULT_BUSINESS_HOURS } from '../../contract/availability.ts';
import { medianFirstResponse } from './reply-time.ts';

const t = (iso: string) => Date.parse(iso);
const sample = (iso: string, seconds: number) => ({ createdAt: t(iso), firstResponseAt: t(iso) + seconds * 1000 });

describe('medianFirstResponse', () => {
  it('takes the median (odd and even counts) and null with no samples', () => {
    const h = DEFAULT_BUSINESS_HOURS;
    expect(medianFirstResponse(h, [])).toBeNull();
    expect(
      medianFirstResponse(h, [
        sample('2026-06-01T10:00:00Z', 60),
        sample('2026-06-01T11:00:00Z', 600),
        sample('2026-06-01T12:00:00Z', 240),
      ]),
    ).toBe(240);
    expect(medianFirstResponse(h, [sample('2026-06-01T10:00:00Z', 60), sample('2026-06-01T11:00:00Z', 121)])).toBe(91);
  });

  it('leaves out conversations begun outside the hours (the night would inflate it)', () => {
    const hours = businessHours.parse({
      enabled: true,
      timeZone: 'Europe/Berlin',
      schedule: { mon: [{ start: '09:00', end: '17:00' }] },
    });
    const samples = [
      sample('2026-06-01T08:00:00Z', 120), // Mon 10:00 Berlin: in
      sample('2026-06-01T09:00:00Z', 180), // in
      sample('2026-06-01T20:00:00Z', 36_000), // Mon 22:00: out
    ];
    expect(medianFirstResponse(hours, samples)).toBe(150);
  });
});
