// Naming the assignee and listing the Assign menu's choices.
import { describe, expect, it } from 'vitest';
import { assignChoices, assigneeLabel } from './assignee.ts';

const agents = [
  { id: 'u1', name: 'Ada', online: true },
  { id: 'u2', name: 'Grace' },
];

describe('assigneeLabel', () => {
  it('says You, the agent, Another agent or nothing', () => {
    expect(assigneeLabel('u1', 'u1', agents)).toBe('You');
    expect(assigneeLabel('u2', 'u1', agents)).toBe('Grace');
    expect(assigneeLabel('u9', 'u1', agents)).toBe('Another agent');
    expect(assigneeLabel(null, 'u1', agents)).toBeNull();
  });
});

describe('assignChoices', () => {
  it('offers me, every other agent with their presence, then nobody', () => {
    expect(assignChoices('u1', agents)).toEqual([
      { kind: 'me', id: 'me', label: 'Me', assigneeId: 'u1' },
      { kind: 'agent', id: 'u2', label: 'Grace', assigneeId: 'u2', online: false },
      { kind: 'nobody', id: 'none', label: 'Unassigned', assigneeId: null },
    ]);
  });
});
