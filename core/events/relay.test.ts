// How the relay packs outbox rows into Queue messages and sendBatch calls: in order, at most
// PACK_MAX_EVENTS events and ~110 KB a message, at most 100 messages and ~240 KB a call.
import { describe, expect, it } from 'vitest';
import { PACK_MAX_EVENTS } from '../../contract/events.ts';
import { packEvents } from './relay.ts';

const event = (i: number, bodyChars = 800) => ({ i, body: 'x'.repeat(bodyChars) });
const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

describe('packEvents', () => {
  it('keeps the order and loses nothing', () => {
    const events = Array.from({ length: 523 }, (_, i) => event(i));
    const calls = packEvents(events);
    expect(calls.flat(2).map((e) => e.i)).toEqual(events.map((e) => e.i));
  });

  it('packs typical events 50 to a message', () => {
    const calls = packEvents(Array.from({ length: 120 }, (_, i) => event(i, 600)));
    expect(calls.flat().map((pack) => pack.length)).toEqual([PACK_MAX_EVENTS, PACK_MAX_EVENTS, 20]);
  });

  it('keeps every message under 128 KB and every call under 256 KB and 100 messages', () => {
    // Large events (12 KB, a long message with its preview): few fit a message.
    const large = packEvents(Array.from({ length: 60 }, (_, i) => event(i, 12_000)));
    for (const call of large) {
      expect(call.length).toBeLessThanOrEqual(100);
      expect(call.reduce((sum, pack) => sum + bytes(pack), 0)).toBeLessThan(256_000);
      for (const pack of call) expect(bytes({ kind: 'events', events: pack, requestId: 'r' })).toBeLessThan(128_000);
    }
    expect(large.length).toBeGreaterThan(1);
    // Tiny events: a call stops at 100 messages.
    const tiny = packEvents(Array.from({ length: 6_000 }, (_, i) => ({ i })));
    expect(tiny[0]?.length).toBe(100);
    expect(tiny.flat(2)).toHaveLength(6_000);
  });

  it('sends nothing for nothing', () => {
    expect(packEvents([])).toEqual([]);
  });
});
