// Display formatting: list timestamps, names, browsers.
import { describe, expect, it } from 'vitest';
import { describeUserAgent, initials, shortTime, visitorName } from './format.ts';

describe('format', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  it('gives short list times', () => {
    expect(shortTime('2026-11-30T11:59:40Z', now)).toBe('now');
    expect(shortTime('2026-11-30T11:55:00Z', now)).toBe('5m');
    expect(shortTime('2026-11-30T09:00:00Z', now)).toBe('3h');
    expect(shortTime(null, now)).toBe('');
    expect(shortTime('garbage', now)).toBe('');
  });

  it('names visitors by name, then email, then a stable short id', () => {
    expect(visitorName({ id: 'abcd1234', name: ' Ada ', email: 'ada@x.test' })).toBe('Ada');
    expect(visitorName({ id: 'abcd1234', name: null, email: 'ada@x.test' })).toBe('ada@x.test');
    expect(visitorName({ id: 'abcd1234', name: '', email: null })).toBe('Visitor abcd');
    expect(initials('Ada Byron Lovelace')).toBe('AL');
    expect(initials('')).toBe('?');
  });

  it('recognises common browsers and systems', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome 131 on macOS');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(
      'Firefox 133 on Windows',
    );
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari 18 on iOS');
    expect(describeUserAgent(null)).toBe('Unknown browser');
  });
});
