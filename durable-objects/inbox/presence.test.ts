// Presence aggregation across an agent's dashboards and the round-robin order.
import { describe, expect, it } from 'vitest';
import { nextAssignee, presenceOf } from './presence.ts';

describe('presenceOf', () => {
  it('is online when any of an agent’s dashboards is online', () => {
    const presence = presenceOf([
      { userId: 'b', name: 'Bo', status: 'away' },
      { userId: 'a', name: 'Al', status: 'away' },
      { userId: 'b', name: 'Bo', status: 'online' },
    ]);
    expect(presence).toEqual([
      { id: 'a', name: 'Al', status: 'away' },
      { id: 'b', name: 'Bo', status: 'online' },
    ]);
  });
});

describe('nextAssignee', () => {
  const presence = presenceOf([
    { userId: 'a', name: 'A', status: 'online' },
    { userId: 'b', name: 'B', status: 'away' },
    { userId: 'c', name: 'C', status: 'online' },
    { userId: 'd', name: 'D', status: 'online' },
  ]);
  const members = new Set(['a', 'b', 'c']);

  it('rotates through online members in id order, wrapping around', () => {
    expect(nextAssignee(presence, members, null)).toBe('a');
    expect(nextAssignee(presence, members, 'a')).toBe('c');
    expect(nextAssignee(presence, members, 'c')).toBe('a');
  });

  it('skips away agents and non-members, and gives null when nobody is available', () => {
    expect(nextAssignee(presence, members, 'b')).toBe('c');
    expect(nextAssignee(presence, new Set(['b']), null)).toBeNull();
  });
});
