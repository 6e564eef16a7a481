// Attachments: namespaced, written through to the socket, read from the cache after the first read.
import { describe, expect, it } from 'vitest';
import { type AttachedSocket, socketAttachment } from './attachment.ts';

/** A socket holding what a hibernated one would: a serialized attachment, counting reads. */
function fakeSocket(attachment: unknown = null) {
  let held = structuredClone(attachment);
  const socket = {
    reads: 0,
    serializeAttachment(value: unknown) {
      held = structuredClone(value);
    },
    deserializeAttachment() {
      socket.reads++;
      return structuredClone(held);
    },
    get held() {
      return held;
    },
  };
  return socket satisfies AttachedSocket;
}

describe('socketAttachment', () => {
  const visits = socketAttachment<{ count: number }>('visits');
  const labels = socketAttachment<string>('label');

  it('reads null from a socket without one', () => {
    expect(visits.read(fakeSocket())).toBeNull();
    expect(visits.read(fakeSocket({ label: 'x' }))).toBeNull();
  });

  it('reads what a previous instance wrote (after hibernation), deserializing once', () => {
    const ws = fakeSocket({ visits: { count: 3 } });
    expect(visits.read(ws)).toEqual({ count: 3 });
    expect(visits.read(ws)).toEqual({ count: 3 });
    expect(ws.reads).toBe(1);
  });

  it('writes through to the socket, keeping the other keys', () => {
    const ws = fakeSocket({ label: 'kept' });
    visits.write(ws, { count: 1 });
    visits.write(ws, { count: 2 });
    expect(ws.held).toEqual({ label: 'kept', visits: { count: 2 } });
    expect(visits.read(ws)).toEqual({ count: 2 });
    expect(labels.read(ws)).toBe('kept');
  });
});
