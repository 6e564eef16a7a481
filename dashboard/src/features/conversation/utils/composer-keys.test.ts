// The composer's key bindings, send rule and wrapping highlight.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../lib/protocol.ts';
import { composerKeyAction, cycleIndex, sendableBody } from './composer-keys.ts';

const press = (key: string, more: { shiftKey?: boolean; isComposing?: boolean } = {}) => ({
  key,
  shiftKey: more.shiftKey ?? false,
  isComposing: more.isComposing ?? false,
});

describe('composerKeyAction', () => {
  it('drives the suggestion list while it is open', () => {
    expect(composerKeyAction(press('ArrowDown'), true)).toBe('highlight-next');
    expect(composerKeyAction(press('ArrowUp'), true)).toBe('highlight-previous');
    expect(composerKeyAction(press('Enter'), true)).toBe('choose-suggestion');
    expect(composerKeyAction(press('Enter', { shiftKey: true }), true)).toBe('choose-suggestion');
    expect(composerKeyAction(press('Tab'), true)).toBe('choose-suggestion');
    expect(composerKeyAction(press('Escape'), true)).toBe('close-suggestions');
  });

  it('sends on Enter, breaks the line on Shift+Enter and leaves on Escape otherwise', () => {
    expect(composerKeyAction(press('Enter'), false)).toBe('send');
    expect(composerKeyAction(press('Enter', { shiftKey: true }), false)).toBeNull();
    expect(composerKeyAction(press('Escape'), false)).toBe('leave');
    expect(composerKeyAction(press('ArrowDown'), false)).toBeNull();
    expect(composerKeyAction(press('Tab'), false)).toBeNull();
    expect(composerKeyAction(press('a'), true)).toBeNull();
  });

  it('lets an input method confirm its composition with Enter', () => {
    expect(composerKeyAction(press('Enter', { isComposing: true }), false)).toBeNull();
  });
});

describe('sendableBody', () => {
  it('trims the draft and refuses empty, disabled or oversized ones', () => {
    expect(sendableBody('  hello \n', null)).toBe('hello');
    expect(sendableBody('   ', null)).toBeNull();
    expect(sendableBody('hello', 'The visitor left')).toBeNull();
    expect(sendableBody('x'.repeat(LIMITS.bodyMax), undefined)).toBe('x'.repeat(LIMITS.bodyMax));
    expect(sendableBody('x'.repeat(LIMITS.bodyMax + 1), undefined)).toBeNull();
    // Surrounding whitespace does not count against the limit.
    expect(sendableBody(` ${'x'.repeat(LIMITS.bodyMax)} `, undefined)).toBe('x'.repeat(LIMITS.bodyMax));
  });
});

describe('cycleIndex', () => {
  it('wraps at both ends', () => {
    expect(cycleIndex(0, 1, 3)).toBe(1);
    expect(cycleIndex(2, 1, 3)).toBe(0);
    expect(cycleIndex(0, -1, 3)).toBe(2);
  });
});
