// Reply-address tokens: short, lowercase, verifiable under key rotation, refused when forged or expired.
import { describe, expect, it } from 'vitest';
import { keyring } from '../../core/platform/keyring.ts';
import { replyTokenOf, signReplyToken, verifyReplyToken } from './reply-address.ts';

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));
const ring = (value: string) => keyring('AUTH_JWT_KEYS', 32).parse(value);
const id = '0b9f6c1e-3d2a-4e5f-8a7b-1c2d3e4f5a6b';

describe('reply-address tokens', () => {
  const keys = ring(`k1:${key(1)}`);
  it('fit a local part, in lowercase base32, and name the conversation', () => {
    const token = signReplyToken(keys, id);
    expect(`reply+${token}`.length).toBeLessThanOrEqual(64);
    expect(token).toMatch(/^[a-z2-7]+$/);
    expect(verifyReplyToken(keys, token)).toEqual({ ok: true, conversationId: id });
    expect(verifyReplyToken(keys, token.toUpperCase())).toEqual({ ok: true, conversationId: id });
  });
  it('verify after rotation with the old key still in the ring, not once it is gone', () => {
    const token = signReplyToken(keys, id);
    expect(verifyReplyToken(ring(`k2:${key(2)},k1:${key(1)}`), token).ok).toBe(true);
    expect(verifyReplyToken(ring(`k2:${key(2)}`), token)).toEqual({ ok: false, reason: 'forged' });
  });
  it('refuse a changed, truncated or expired token', () => {
    const token = signReplyToken(keys, id);
    const changed = `${token.slice(0, 5)}${token[5] === 'a' ? 'b' : 'a'}${token.slice(6)}`;
    expect(verifyReplyToken(keys, changed)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyReplyToken(keys, token.slice(0, -2))).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyReplyToken(keys, 'not-base32!')).toEqual({ ok: false, reason: 'malformed' });
    const old = signReplyToken(keys, id, Date.now() - 91 * 86_400_000);
    expect(verifyReplyToken(keys, old)).toEqual({ ok: false, reason: 'expired' });
  });
  it('refuse every other spelling of the last character, even one that decodes to the same bytes', () => {
    // The last base32 character carries unused low bits: flipping one of them used to leave the
    // bytes, and so the signature, unchanged (the inbound email test's "forged" address then
    // delivered, 1 run in 16).
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    for (let n = 0; n < 20; n++) {
      const token = signReplyToken(keys, id, Date.now() - n * 86_400_000);
      for (const ch of alphabet) {
        if (ch === token.at(-1)) continue;
        expect(verifyReplyToken(keys, `${token.slice(0, -1)}${ch}`).ok).toBe(false);
      }
    }
  });
  it('read the token from reply+<token>@<domain> only', () => {
    expect(replyTokenOf('Reply+ABC@Reply.Example.com', 'reply.example.com')).toBe('abc');
    expect(replyTokenOf('reply+abc@other.example.com', 'reply.example.com')).toBeNull();
    expect(replyTokenOf('support@reply.example.com', 'reply.example.com')).toBeNull();
  });
});
