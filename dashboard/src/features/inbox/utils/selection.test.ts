// The inbox's multi-select rules: toggling, Shift+click ranges, select all, the cap, pruning.
import { describe, expect, it } from 'vitest';
import { pageSelectionState, pruneSelection, rangeSelection, selectAllOnPage, toggleSelection } from './selection.ts';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('toggleSelection', () => {
  it('adds a row and takes it off again', () => {
    expect(toggleSelection([], 'b')).toEqual(['b']);
    expect(toggleSelection(['a', 'b'], 'a')).toEqual(['b']);
  });

  it('adds nothing past the cap, but still takes a row off', () => {
    expect(toggleSelection(['a', 'b'], 'c', 2)).toEqual(['a', 'b']);
    expect(toggleSelection(['a', 'b'], 'b', 2)).toEqual(['a']);
  });
});

describe('rangeSelection', () => {
  it('selects every row from the anchor to the clicked one, both ways', () => {
    expect(rangeSelection(['b'], order, 'b', 'd')).toEqual(['b', 'c', 'd']);
    expect(rangeSelection(['d'], order, 'd', 'b')).toEqual(['d', 'c', 'b']);
  });

  it('keeps what was selected outside the range, once', () => {
    expect(rangeSelection(['a', 'c'], order, 'c', 'e')).toEqual(['a', 'c', 'd', 'e']);
  });

  it('deselects the range when the clicked row was selected', () => {
    expect(rangeSelection(['a', 'b', 'c', 'd'], order, 'b', 'd')).toEqual(['a']);
  });

  it('is a plain toggle without an anchor in the list', () => {
    expect(rangeSelection([], order, null, 'c')).toEqual(['c']);
    expect(rangeSelection(['c'], order, 'gone', 'c')).toEqual([]);
  });

  it('stops at the cap, nearest the anchor first', () => {
    expect(rangeSelection(['a'], order, 'a', 'e', 3)).toEqual(['a', 'b', 'c']);
    expect(rangeSelection([], order, 'e', 'a', 2)).toEqual(['e', 'd']);
  });
});

describe('select all on the page', () => {
  it('takes the loaded rows up to the cap', () => {
    expect(selectAllOnPage(order)).toEqual(order);
    expect(selectAllOnPage(order, 2)).toEqual(['a', 'b']);
  });

  it("says the header checkbox's state", () => {
    expect(pageSelectionState([], order)).toBe('none');
    expect(pageSelectionState(['gone'], order)).toBe('none');
    expect(pageSelectionState(['a', 'c'], order)).toBe('some');
    expect(pageSelectionState(order, order)).toBe('all');
    // Past the cap, "all" is every row one selection can hold.
    expect(pageSelectionState(['a', 'b'], order, 2)).toBe('all');
    expect(pageSelectionState([], [])).toBe('none');
  });
});

describe('pruneSelection', () => {
  it('drops ids that left the list, and returns the same array when none did', () => {
    const held = ['a', 'c'];
    expect(pruneSelection(held, order)).toBe(held);
    expect(pruneSelection(['a', 'x', 'c'], order)).toEqual(['a', 'c']);
  });
});
