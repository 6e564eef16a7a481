import { describe, expect, it } from 'vitest';
import { sharedLabels } from './bulk-label-menu.tsx';

describe('sharedLabels', () => {
  it('splits the labels into those on every conversation and those on some', () => {
    expect(sharedLabels([['vip', 'bug'], ['vip'], ['vip', 'billing']])).toEqual({
      all: ['vip'],
      some: ['bug', 'billing'],
    });
  });

  it('has nothing shared for conversations without labels, or none at all', () => {
    expect(sharedLabels([[], []])).toEqual({ all: [], some: [] });
    expect(sharedLabels([])).toEqual({ all: [], some: [] });
  });

  it('counts a label listed twice on one conversation once', () => {
    expect(sharedLabels([['vip', 'vip'], ['bug']])).toEqual({ all: [], some: ['vip', 'bug'] });
  });
});
