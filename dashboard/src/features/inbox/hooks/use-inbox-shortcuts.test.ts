// Which key does what in the inbox (the sheet lists them from the same table).
import { describe, expect, it } from 'vitest';
import { keyToAction, SHORTCUTS } from './use-inbox-shortcuts.ts';

describe('keyToAction', () => {
  it('maps x to selecting the focused row and Escape to clearing the selection', () => {
    expect(keyToAction('x')).toBe('select');
    expect(keyToAction('Escape')).toBe('clearSelection');
    expect(keyToAction('X')).toBeNull();
  });

  it('keeps the older keys', () => {
    expect(['j', 'k', 'e', 'a', 'r', 'l', '/', '?'].map(keyToAction)).toEqual([
      'next',
      'previous',
      'resolve',
      'assignToMe',
      'reply',
      'labels',
      'search',
      'help',
    ]);
  });

  it("maps p to the open conversation's Priority menu, and lists it on the sheet", () => {
    expect(keyToAction('p')).toBe('priority');
    expect(keyToAction('P')).toBeNull();
    expect(SHORTCUTS.find((s) => s.keys.includes('p'))?.label).toMatch(/priority/);
  });

  it('lists x on the shortcut sheet', () => {
    expect(SHORTCUTS.some((s) => s.keys.includes('x'))).toBe(true);
  });
});
