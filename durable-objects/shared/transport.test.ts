// Close-code reciprocation and frame size checks.
import { describe, expect, it } from 'vitest';
import { frameTooLarge, reciprocalCloseCode } from './transport.ts';

describe('reciprocalCloseCode', () => {
  it('never echoes reserved codes', () => {
    expect(reciprocalCloseCode(1005)).toBe(1000);
    expect(reciprocalCloseCode(1006)).toBe(1000);
    expect(reciprocalCloseCode(1015)).toBe(1000);
    expect(reciprocalCloseCode(999)).toBe(1000);
  });
  it('echoes codes a peer may send', () => {
    expect(reciprocalCloseCode(1001)).toBe(1001);
    expect(reciprocalCloseCode(4001)).toBe(4001);
  });
});

describe('frameTooLarge', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(frameTooLarge('a'.repeat(10), 10)).toBe(false);
    expect(frameTooLarge('a'.repeat(11), 10)).toBe(true);
    expect(frameTooLarge('é'.repeat(6), 10)).toBe(true);
    expect(frameTooLarge(new ArrayBuffer(11), 10)).toBe(true);
  });
});
