// The room connection against a real WebSocket server: resume on every connect, reconnect after a
// drop, nothing while the browser says offline, a reconnect when a sleeping socket misses its pong.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomServerFrame } from '../../../../contract/frames.ts';
import { backoffDelay, type ConnectionStatus, RoomConnection } from './connection.ts';

const require = createRequire(import.meta.url);
const { WebSocketServer } = require('ws') as typeof import('ws');
type ServerSocket = import('ws').WebSocket;

interface Harness {
  url: string;
  frames: unknown[];
  sockets: ServerSocket[];
  /** Answer resumes with `resumed` (and pings with pong unless `silent`). */
  silent: boolean;
  close(): Promise<void>;
}

async function server(): Promise<Harness> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const h: Harness = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    frames: [],
    sockets: [],
    silent: false,
    close: () =>
      new Promise((resolve) => {
        for (const s of wss.clients) s.terminate();
        wss.close(() => resolve());
      }),
  };
  wss.on('connection', (socket) => {
    h.sockets.push(socket);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; lastSeq?: number };
      h.frames.push(frame);
      if (frame.type === 'resume') socket.send(JSON.stringify({ type: 'resumed', lastSeq: frame.lastSeq }));
      if (frame.type === 'ping' && !h.silent) socket.send(JSON.stringify({ type: 'pong' }));
    });
  });
  return h;
}

class FakeWindow extends EventTarget {
  navigator = { onLine: true };
}
class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
}

const until = async (check: () => boolean, what: string, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function setup(options: Partial<ConstructorParameters<typeof RoomConnection>[0]> = {}) {
  const h = await server();
  const win = new FakeWindow();
  const doc = new FakeDocument();
  const statuses: ConnectionStatus[] = [];
  const received: RoomServerFrame[] = [];
  let watermark = 0;
  const urls: number[] = [];
  const conn = new RoomConnection({
    url: async (failures) => {
      urls.push(failures);
      return h.url;
    },
    resumeFrom: () => watermark,
    onFrame: (f) => received.push(f),
    onStatus: (s) => statuses.push(s),
    window: win as unknown as Window,
    document: doc as unknown as Document,
    backoff: () => 20,
    ...options,
  });
  cleanup.push(async () => {
    conn.stop();
    await h.close();
  });
  return {
    h,
    win,
    doc,
    conn,
    statuses,
    received,
    urls,
    setWatermark: (n: number) => {
      watermark = n;
    },
  };
}

describe('RoomConnection', () => {
  it('resumes from the watermark on connect and is online once resumed', async () => {
    const t = await setup();
    t.setWatermark(7);
    t.conn.start();
    await until(() => t.statuses.includes('online'), 'online');
    expect(t.h.frames[0]).toEqual({ type: 'resume', lastSeq: 7 });
    expect(t.conn.send({ type: 'typing', on: true })).toBe(true);
  });

  it('refuses to send before the resume completed, so callers keep the frame for later', async () => {
    const t = await setup();
    expect(t.conn.send({ type: 'ping' })).toBe(false);
  });

  it('reconnects after the server drops the socket and resumes from the new watermark', async () => {
    const t = await setup();
    t.conn.start();
    await until(() => t.statuses.includes('online'), 'online');
    t.setWatermark(3);
    t.h.sockets[0]?.terminate();
    await until(() => t.h.frames.length === 2, 'second resume');
    expect(t.h.frames[1]).toEqual({ type: 'resume', lastSeq: 3 });
    expect(t.statuses).toContain('reconnecting');
    expect(t.statuses.at(-1)).toBe('online');
  });

  it('drops the socket when the browser goes offline and waits for online', async () => {
    const t = await setup();
    t.conn.start();
    await until(() => t.statuses.includes('online'), 'online');
    t.win.navigator.onLine = false;
    t.win.dispatchEvent(new Event('offline'));
    expect(t.statuses.at(-1)).toBe('offline');
    await until(() => t.h.sockets[0]?.readyState === 3, 'server side closed');
    await new Promise((r) => setTimeout(r, 100));
    expect(t.h.frames).toHaveLength(1);
    t.win.navigator.onLine = true;
    t.win.dispatchEvent(new Event('online'));
    await until(() => t.h.frames.length === 2, 'resume after online');
    expect(t.statuses.at(-1)).toBe('online');
  });

  it('replaces a socket that does not answer a ping (a tab that slept)', async () => {
    const t = await setup({ pongTimeoutMs: 50 });
    t.conn.start();
    await until(() => t.statuses.includes('online'), 'online');
    t.h.silent = true;
    t.doc.dispatchEvent(new Event('visibilitychange'));
    await until(
      () =>
        t.h.sockets.length === 2 && t.h.frames.filter((f) => (f as { type: string }).type === 'resume').length === 2,
      'new socket',
    );
  });

  it('tells the URL provider how many attempts failed, so it can renew the token', async () => {
    const t = await setup({
      url: async () => {
        throw new Error('no token');
      },
    });
    const failures: number[] = [];
    const conn = new RoomConnection({
      url: async (n) => {
        failures.push(n);
        if (n < 2) throw new Error('not yet');
        return t.h.url;
      },
      resumeFrom: () => 0,
      onFrame: () => {},
      onStatus: () => {},
      window: t.win as unknown as Window,
      document: t.doc as unknown as Document,
      backoff: () => 5,
    });
    cleanup.push(async () => conn.stop());
    conn.start();
    await until(() => t.h.frames.length === 1, 'connect after two failures');
    expect(failures).toEqual([0, 1, 2]);
  });

  it('stops for good: no reconnect after stop', async () => {
    const t = await setup();
    t.conn.start();
    await until(() => t.statuses.includes('online'), 'online');
    t.conn.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(t.h.frames).toHaveLength(1);
    expect(t.statuses.at(-1)).toBe('closed');
  });
});

describe('backoffDelay', () => {
  it('doubles from 0.5 s up to 30 s with ±50% jitter', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(20, () => 0.5)).toBe(30_000);
    expect(backoffDelay(1, () => 0)).toBe(500);
    expect(backoffDelay(1, () => 0.999)).toBe(1499);
  });
});
