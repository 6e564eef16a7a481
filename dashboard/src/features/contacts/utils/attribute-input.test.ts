import { describe, expect, it } from 'vitest';
import { displayValue, fromFormValue, toFormValue } from './attribute-input.ts';

describe('attribute form values', () => {
  it('turns form text into the typed value of each type, empty into a removal', () => {
    expect(fromFormValue({ type: 'number', options: [] }, ' 12.5 ')).toBe(12.5);
    expect(fromFormValue({ type: 'number', options: [] }, 'twelve')).toBeUndefined();
    expect(fromFormValue({ type: 'boolean', options: [] }, 'false')).toBe(false);
    expect(fromFormValue({ type: 'date', options: [] }, '2027-01-31')).toBe('2027-01-31');
    expect(fromFormValue({ type: 'date', options: [] }, '31/01/2027')).toBeUndefined();
    expect(fromFormValue({ type: 'list', options: ['free', 'pro'] }, 'gold')).toBeUndefined();
    expect(fromFormValue({ type: 'text', options: [] }, '  ')).toBeNull();
  });

  it('reads stored values back', () => {
    expect(toFormValue(false)).toBe('false');
    expect(toFormValue(undefined)).toBe('');
    expect(displayValue({ type: 'boolean' }, true)).toBe('Yes');
    expect(displayValue({ type: 'number' }, 3)).toBe('3');
  });
});
