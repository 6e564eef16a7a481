// The relay's pace: rounds start at most every 100 ms, so a round that took long is followed at
// once rather than after a further full gather.
import { describe, expect, it } from 'vitest';
import { gatherDelay } from './outbox.ts';

describe('gatherDelay', () => {
  it('waits out what is left of the 100 ms since the round started', () => {
    expect(gatherDelay(1_000, 1_000)).toBe(100);
    expect(gatherDelay(1_000, 1_030)).toBe(70);
    expect(gatherDelay(1_000, 1_099)).toBe(1);
  });

  it('goes on at once after a round that took the whole gather or longer', () => {
    expect(gatherDelay(1_000, 1_100)).toBe(0);
    expect(gatherDelay(1_000, 1_450)).toBe(0);
  });

  it('never waits longer than one gather, even if the clock stepped back', () => {
    expect(gatherDelay(1_000, 900)).toBe(100);
  });
});
