import { describe, expect, it } from 'vitest';
import { checkAttributes, type Definition, isIsoDate, mergeAttributes } from './attributes.ts';

const defs: Definition[] = [
  { key: 'company', type: 'text', options: [] },
  { key: 'seats', type: 'number', options: [] },
  { key: 'renews_on', type: 'date', options: [] },
  { key: 'trial', type: 'boolean', options: [] },
  { key: 'plan', type: 'list', options: ['free', 'pro'] },
];

describe('checkAttributes', () => {
  it('accepts a value of each type and splits out removals', () => {
    const ok = checkAttributes(defs, { company: 'Acme', seats: 12, renews_on: '2027-02-28', trial: false, plan: null });
    expect(ok).toEqual({
      ok: true,
      set: { company: 'Acme', seats: 12, renews_on: '2027-02-28', trial: false },
      remove: ['plan'],
    });
  });

  it('refuses a key the project does not define', () => {
    expect(checkAttributes(defs, { favourite_colour: 'blue' })).toMatchObject({
      ok: false,
      code: 'unknown_attribute',
      message: expect.stringContaining('favourite_colour'),
    });
  });

  it.each([
    ['company', 3],
    ['seats', '12'],
    ['seats', Number.POSITIVE_INFINITY],
    ['renews_on', '2027-02-30'],
    ['renews_on', '28/02/2027'],
    ['trial', 'yes'],
    ['plan', 'enterprise'],
  ] as const)('refuses %s = %j as the wrong type', (key, value) => {
    expect(checkAttributes(defs, { [key]: value })).toMatchObject({ ok: false, code: 'invalid_attribute' });
  });

  it('names the options of a list in its error', () => {
    const result = checkAttributes(defs, { plan: 'gold' });
    expect(result.ok || result.message).toBe('Attribute "plan" (list) must be one of: free, pro');
  });
});

describe('isIsoDate and mergeAttributes', () => {
  it('takes real calendar dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-2-1')).toBe(false);
  });

  it('keeps the surviving contact’s values and fills gaps from the merged one', () => {
    expect(mergeAttributes({ plan: 'pro' }, { plan: 'free', seats: 3 })).toEqual({ plan: 'pro', seats: 3 });
  });
});
