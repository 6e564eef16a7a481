// Frame parsing: every refusal is typed, and a broken send keeps its clientId; `?lastSeq=` is digits or refused.
import { describe, expect, it } from 'vitest';
import { LIMITS, roomClientFrame } from '../../contract/frames.ts';
import { fastSend, parseLastSeq, parseRoomFrame } from './frames.ts';

describe('parseRoomFrame', () => {
  it('accepts protocol frames', () => {
    expect(parseRoomFrame('{"type":"send","clientId":"c1","body":"hi"}')).toEqual({
      ok: true,
      frame: { type: 'send', clientId: 'c1', body: 'hi' },
    });
    expect(parseRoomFrame('{"type":"resume","lastSeq":3,"extra":true}')).toEqual({
      ok: true,
      frame: { type: 'resume', lastSeq: 3 },
    });
  });

  it('refuses oversize, binary, non-JSON and unknown frames with their own codes', () => {
    expect(parseRoomFrame('x'.repeat(LIMITS.frameMax + 1))).toMatchObject({ ok: false, code: 'frame_too_large' });
    expect(parseRoomFrame(new ArrayBuffer(4))).toMatchObject({ ok: false, code: 'bad_frame' });
    expect(parseRoomFrame('{nope')).toMatchObject({ ok: false, code: 'bad_frame' });
    expect(parseRoomFrame('{"type":"dance"}')).toMatchObject({ ok: false, code: 'bad_frame' });
    expect(parseRoomFrame('[]')).toMatchObject({ ok: false, code: 'bad_frame' });
  });

  it('answers a broken send with invalid_message and its clientId', () => {
    const tooLong = JSON.stringify({ type: 'send', clientId: 'c9', body: 'x'.repeat(LIMITS.bodyMax + 1) });
    expect(parseRoomFrame(tooLong)).toMatchObject({ ok: false, code: 'invalid_message', clientId: 'c9' });
    const parsed = parseRoomFrame('{"type":"send","body":"no id"}');
    expect(parsed).toMatchObject({ ok: false, code: 'invalid_message' });
    expect(parsed).not.toHaveProperty('clientId');
  });
});

describe('parseLastSeq', () => {
  it('takes digits that make a safe integer, and tells absent from malformed', () => {
    expect(parseLastSeq(null)).toBe('absent');
    expect(parseLastSeq('0')).toBe(0);
    expect(parseLastSeq('0042')).toBe(42);
    expect(parseLastSeq('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['', '-1', 'abc', '1.5', '1e20', ' 1', '+1', '9007199254740993', '99999999999999999999']) {
      expect(parseLastSeq(bad), bad).toBe('malformed');
    }
  });
});

describe('the send fast path', () => {
  // Each frame is decided by the fast path and by the schema alone; they must agree.
  const frames: unknown[] = [
    { type: 'send', clientId: 'c1', body: 'hi' },
    { type: 'send', clientId: 'c1', body: 'hi', private: true },
    { type: 'send', clientId: 'c1', body: 'hi', private: false, extra: 1 },
    { type: 'send', clientId: 'c1', body: 'hi', private: 'yes' },
    { type: 'send', clientId: 'c1', body: 'hi', private: null },
    { type: 'send', clientId: '', body: 'hi' },
    { type: 'send', clientId: 'x'.repeat(LIMITS.clientIdMax), body: 'hi' },
    { type: 'send', clientId: 'x'.repeat(LIMITS.clientIdMax + 1), body: 'hi' },
    { type: 'send', clientId: 'c1', body: '' },
    { type: 'send', clientId: 'c1', body: 'x'.repeat(LIMITS.bodyMax) },
    { type: 'send', clientId: 'c1', body: 'x'.repeat(LIMITS.bodyMax + 1) },
    { type: 'send', clientId: 'c1', body: 'nul \u0000 inside' },
    { type: 'send', clientId: 'c1', body: 'lone \ud800 half' },
    { type: 'send', clientId: 'c\u0000', body: 'hi' },
    { type: 'send', clientId: 7, body: 'hi' },
    { type: 'send', clientId: 'c1', body: ['hi'] },
    { type: 'send', clientId: 'c1' },
    { type: 'typing', on: true },
  ];

  it('accepts exactly what the schema accepts, with the same frame, and refuses with the same error', () => {
    for (const f of frames) {
      const raw = JSON.stringify(f);
      const quick = fastSend(JSON.parse(raw));
      const schema = roomClientFrame.safeParse(JSON.parse(raw));
      if (quick) {
        expect(schema.success, raw).toBe(true);
        expect(quick, raw).toEqual(schema.data);
      } else if (f && typeof f === 'object' && (f as { type?: string }).type === 'send') {
        expect(schema.success, raw).toBe(false);
        expect(parseRoomFrame(raw), raw).toMatchObject({ ok: false, code: 'invalid_message' });
      }
    }
  });
});
