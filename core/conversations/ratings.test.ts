import { describe, expect, it } from 'vitest';
import { type RatingFacts, ratingRefusal } from './ratings.ts';

const resolvedAt = new Date('2026-12-01T10:00:00Z');
const now = new Date('2026-12-01T12:00:00Z');
const facts = (over: Partial<RatingFacts> = {}): RatingFacts => ({
  status: 'resolved',
  resolvedAt,
  assigneeId: null,
  csatEnabled: true,
  existing: null,
  ...over,
});
const given = (hoursAgo: number) => ({
  resolvedAt,
  rating: 3,
  comment: null,
  createdAt: new Date(now.getTime() - hoursAgo * 3600_000),
  updatedAt: now,
});

describe('ratingRefusal', () => {
  it('lets the current resolution be rated 1 to 5, and changed within 24 hours of the first rating', () => {
    for (const rating of [1, 2, 3, 4, 5]) expect(ratingRefusal(facts(), { rating }, now)).toBeNull();
    expect(ratingRefusal(facts({ existing: given(23.9) }), { rating: 5 }, now)).toBeNull();
    expect(ratingRefusal(facts(), { rating: 4, resolvedAt }, now)).toBeNull();
  });

  it('refuses, by code, what may not be recorded', () => {
    const code = (f: RatingFacts, input: Parameters<typeof ratingRefusal>[1]) => ratingRefusal(f, input, now)?.code;
    expect(code(facts({ csatEnabled: false }), { rating: 4 })).toBe('csat_off');
    expect(code(facts({ status: 'open' }), { rating: 4 })).toBe('not_resolved');
    expect(code(facts({ resolvedAt: null }), { rating: 4 })).toBe('not_resolved');
    expect(code(facts(), { rating: 4, resolvedAt: new Date(resolvedAt.getTime() - 1) })).toBe('not_resolved');
    for (const rating of [0, 6, 2.5, Number.NaN]) expect(code(facts(), { rating })).toBe('invalid_message');
    expect(code(facts(), { rating: 4, comment: 'x'.repeat(1001) })).toBe('invalid_message');
    expect(code(facts({ existing: given(24.1) }), { rating: 5 })).toBe('rating_closed');
  });
});
