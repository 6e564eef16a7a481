import { describe, expect, it } from 'vitest';
import { labelIdsOf, nextLabelSet } from './apply.ts';

describe('nextLabelSet', () => {
  it('replaces keeping the current order, then the new ones, without duplicates', () => {
    expect(nextLabelSet(['a', 'b'], { kind: 'replace', labelIds: ['c', 'b', 'c'] })).toEqual(['b', 'c']);
  });
  it('adds only what is missing and removes only what is there', () => {
    expect(nextLabelSet(['a'], { kind: 'add', labelIds: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(nextLabelSet(['a', 'b'], { kind: 'remove', labelIds: ['a', 'z'] })).toEqual(['b']);
  });
});

describe('labelIdsOf', () => {
  it('reads a parsed array or the text form of a uuid[]', () => {
    expect(labelIdsOf(['x'])).toEqual(['x']);
    expect(labelIdsOf('{a,b}')).toEqual(['a', 'b']);
    expect(labelIdsOf('{}')).toEqual([]);
    expect(labelIdsOf(null)).toEqual([]);
  });
});
