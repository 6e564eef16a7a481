import { describe, expect, it } from 'vitest';
import { decodeBefore, decodeCursor, encodeCursor } from './cursor.ts';

const id = '0b7f3c1e-8a2d-4f5b-9c6e-1d2a3b4c5d6e';
const raw = (t: string) => Buffer.from(JSON.stringify({ t, id })).toString('base64url');
const refused = (f: () => unknown) => expect(f).toThrow('cursor is not one this API returned');

describe('keyset cursors', () => {
  it('carry the time to the microsecond and read back what they wrote', () => {
    const at = '2026-01-02T03:04:05.123456Z';
    expect(decodeCursor(encodeCursor(at, id))).toEqual({ at, id });
    // A cursor from before microseconds (milliseconds) still reads.
    expect(decodeCursor(raw('2026-01-02T03:04:05.123Z'))).toEqual({ at: '2026-01-02T03:04:05.123Z', id });
  });

  it('refuse a date Postgres would refuse, and anything not a cursor', () => {
    refused(() => decodeCursor(raw('2026-02-30T00:00:00Z')));
    refused(() => decodeCursor(raw('0000-01-01T00:00:00Z')));
    refused(() => decodeCursor('nonsense'));
    refused(() =>
      decodeCursor(Buffer.from(JSON.stringify({ t: '2026-01-02T03:04:05Z', id: 'x' })).toString('base64url')),
    );
  });

  it('read `before` as a timestamp (any offset) or as a cursor', () => {
    expect(decodeBefore('2026-01-02T03:04:05+02:00')).toEqual({ at: '2026-01-02T03:04:05+02:00' });
    expect(decodeBefore(encodeCursor('2026-01-02T03:04:05.000001Z', id))).toEqual({
      at: '2026-01-02T03:04:05.000001Z',
      id,
    });
    expect(decodeBefore(undefined)).toBeNull();
    refused(() => decodeBefore('2026-02-29T00:00:00Z'));
    refused(() => decodeBefore('yesterday'));
  });
});
