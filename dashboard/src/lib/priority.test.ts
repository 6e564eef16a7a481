// The priority levels as the dashboard words, orders and filters them.
import { describe, expect, it } from 'vitest';
import {
  isPriority,
  matchesPriority,
  PRIORITIES,
  parsePriorityFilter,
  priorityLabel,
  priorityRank,
} from './priority.ts';

describe('priority levels', () => {
  it('lists them most pressing first, each with its word, none below them all', () => {
    expect(PRIORITIES).toEqual(['urgent', 'high', 'medium', 'low']);
    expect(PRIORITIES.map(priorityLabel)).toEqual(['Urgent', 'High', 'Medium', 'Low']);
    expect(priorityLabel(null)).toBe('No priority');
    expect(PRIORITIES.map(priorityRank)).toEqual([0, 1, 2, 3]);
    expect(priorityRank(null)).toBe(4);
    const sorted = [null, 'low', 'urgent', 'medium', 'high'] as const;
    expect([...sorted].sort((a, b) => priorityRank(a) - priorityRank(b))).toEqual([
      'urgent',
      'high',
      'medium',
      'low',
      null,
    ]);
  });

  it('never shows or trusts an unknown value', () => {
    expect(isPriority('urgent')).toBe(true);
    expect(isPriority('URGENT')).toBe(false);
    expect(isPriority(undefined)).toBe(false);
    // A value a newer server might send, or a stored one tampered with.
    expect(priorityLabel('critical' as never)).toBe('No priority');
    expect(priorityRank('critical' as never)).toBe(4);
    expect(parsePriorityFilter('high')).toBe('high');
    expect(parsePriorityFilter('none')).toBe('none');
    expect(parsePriorityFilter('critical')).toBeNull();
    expect(parsePriorityFilter(3)).toBeNull();
    expect(parsePriorityFilter(undefined)).toBeNull();
  });
});

describe('matchesPriority', () => {
  it('lets everything through without a filter', () => {
    expect(matchesPriority(undefined, null)).toBe(true);
    expect(matchesPriority('low', undefined)).toBe(true);
  });

  it('matches one level, or none', () => {
    expect(matchesPriority('urgent', 'urgent')).toBe(true);
    expect(matchesPriority('high', 'urgent')).toBe(false);
    expect(matchesPriority(null, 'urgent')).toBe(false);
    expect(matchesPriority(null, 'none')).toBe(true);
    expect(matchesPriority('low', 'none')).toBe(false);
  });

  it('does not count a priority not told as a match, not even for none', () => {
    expect(matchesPriority(undefined, 'urgent')).toBe(false);
    expect(matchesPriority(undefined, 'none')).toBe(false);
  });
});
