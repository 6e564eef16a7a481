import { describe, expect, it } from 'vitest';
import { parseLimitOverrides } from './room-limits.ts';

describe('parseLimitOverrides', () => {
  it('keeps the defaults when the binding is empty or absent', () => {
    expect(parseLimitOverrides('')).toEqual({ ok: true, limits: {} });
    expect(parseLimitOverrides(undefined)).toEqual({ ok: true, limits: {} });
  });

  it('turns group commit off with batchMax 1 and lifts the send rate', () => {
    expect(parseLimitOverrides('{"batchMax":1,"send":{"capacity":1000,"refillPerSecond":1000}}')).toEqual({
      ok: true,
      limits: { batchMax: 1, send: { capacity: 1000, refillPerSecond: 1000 } },
    });
  });

  it('refuses malformed JSON, unknown keys and out-of-range values as a whole', () => {
    expect(parseLimitOverrides('{batchMax:1}')).toEqual({ ok: false, error: 'ROOM_LIMITS is not valid JSON' });
    const unknown = parseLimitOverrides('{"groupCommit":false}');
    expect(unknown.ok).toBe(false);
    const zero = parseLimitOverrides('{"batchMax":0}');
    expect(zero).toMatchObject({ ok: false });
    expect(zero.ok ? '' : zero.error).toContain('batchMax');
    expect(parseLimitOverrides('{"send":{"capacity":5}}').ok).toBe(false);
    expect(parseLimitOverrides(42).ok).toBe(false);
  });
});
