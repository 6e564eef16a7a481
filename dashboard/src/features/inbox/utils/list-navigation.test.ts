// Keyboard movement through the inbox list.
import { describe, expect, it } from 'vitest';
import { neighbourId, nextAfterResolve } from './list-navigation.ts';

const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('neighbourId', () => {
  it('moves one row and stops at the ends', () => {
    expect(neighbourId(rows, 'b', 1)).toBe('c');
    expect(neighbourId(rows, 'b', -1)).toBe('a');
    expect(neighbourId(rows, 'c', 1)).toBe('c');
    expect(neighbourId(rows, 'a', -1)).toBe('a');
  });

  it('starts at the top when nothing in the list is selected', () => {
    expect(neighbourId(rows, null, 1)).toBe('a');
    expect(neighbourId(rows, 'gone', -1)).toBe('a');
    expect(neighbourId([], null, 1)).toBeNull();
  });
});

describe('nextAfterResolve', () => {
  it('moves to the row below, or above at the bottom', () => {
    expect(nextAfterResolve(rows, 'a')).toBe('b');
    expect(nextAfterResolve(rows, 'c')).toBe('b');
  });

  it('stays when the resolved one is the only row, and goes to the top when it is not listed', () => {
    expect(nextAfterResolve([{ id: 'a' }], 'a')).toBeNull();
    expect(nextAfterResolve(rows, 'gone')).toBe('a');
    expect(nextAfterResolve([], 'a')).toBeNull();
  });
});
