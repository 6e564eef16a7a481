import { describe, expect, it } from 'vitest';
import type { Label } from '../api/get-labels.ts';
import { filterLabels } from './label-picker.tsx';

const label = (name: string): Label => ({
  id: name,
  name,
  color: 'blue',
  description: '',
  createdAt: '2026-12-06T00:00:00.000Z',
  updatedAt: '2026-12-06T00:00:00.000Z',
});

describe('filterLabels', () => {
  const all = [label('Billing'), label('Bug'), label('VIP')];
  it('keeps every label for an empty query, in order', () => {
    expect(filterLabels(all, '  ').map((l) => l.name)).toEqual(['Billing', 'Bug', 'VIP']);
  });
  it('matches anywhere in the name, whatever the case', () => {
    expect(filterLabels(all, 'b').map((l) => l.name)).toEqual(['Billing', 'Bug']);
    expect(filterLabels(all, 'IP').map((l) => l.name)).toEqual(['VIP']);
    expect(filterLabels(all, 'zzz')).toEqual([]);
  });
});
