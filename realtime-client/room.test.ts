// The room client against a real WebSocket server: resume on every connect and open once resumed,
// reconnect after a drop, nothing while the browser says offline, a reconnect when a sleeping
// socket misses its pong, unacknowledged messages sent again (same clientId) after every resume,
// refusals and throttled typing.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomServerFrame } from '../contract/frames.ts';
import type { PendingSend } from './outgoing.ts';
import { RoomClient, type RoomClientOptions } from './room.ts';
import type { SocketStatus } from './socket.ts';

const require = createRequire(import.meta.url);
const { WebSocketServer } = require('ws') as typeof import('ws');
type ServerSocket = import('ws').WebSocket;
type Frame = { type: string; lastSeq?: number; clientId?: string; body?: string };

interface Harness {
  url: string;
  frames: Frame[];
  sockets: ServerSocket[];
  /** Answer resumes with `resumed` (and pings with pong unless `silent`). */
  silent: boolean;
  /** What the room answers a `send` with; nothing by default (the ack is lost). */
  answer: (frame: Frame, socket: ServerSocket) => void;
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
    answer: () => undefined,
    close: () =>
      new Promise((resolve) => {
        for (const s of wss.clients) s.terminate();
        wss.close(() => resolve());
      }),
  };
  wss.on('connection', (socket) => {
    h.sockets.push(socket);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      h.frames.push(frame);
      if (frame.type === 'resume') socket.send(JSON.stringify({ type: 'resumed', lastSeq: frame.lastSeq }));
      if (frame.type === 'ping' && !h.silent) socket.send(JSON.stringify({ type: 'pong' }));
      if (frame.type === 'send') h.answer(frame, socket);
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

async function setup(options: Partial<RoomClientOptions> = {}) {
  const h = await server();
  const win = new FakeWindow();
  const doc = new FakeDocument();
  const statuses: SocketStatus[] = [];
  const received: RoomServerFrame[] = [];
  const failed: { clientId: string; code: string; message?: string }[] = [];
  const pending: PendingSend[] = [];
  let watermark = 0;
  const room = new RoomClient({
    url: async () => h.url,
    resumeFrom: () => watermark,
    pending: () => pending,
    onFailed: (clientId, code, message) => failed.push({ clientId, code, message }),
    onFrame: (f) => received.push(f),
    onStatus: (s) => statuses.push(s),
    window: win,
    document: doc,
    backoff: () => 20,
    ...options,
  });
  cleanup.push(async () => {
    room.stop();
    await h.close();
  });
  const sends = () => h.frames.filter((f) => f.type === 'send');
  const resumes = () => h.frames.filter((f) => f.type === 'resume');
  return {
    h,
    win,
    doc,
    room,
    statuses,
    received,
    failed,
    pending,
    sends,
    resumes,
    setWatermark: (n: number) => {
      watermark = n;
    },
  };
}

describe('RoomClient connection', () => {
  it('resumes from the watermark on connect and is open once resumed', async () => {
    const t = await setup();
    t.setWatermark(7);
    t.room.start();
    await until(() => t.statuses.includes('open'), 'open');
    expect(t.h.frames[0]).toEqual({ type: 'resume', lastSeq: 7 });
    expect(t.received[0]).toEqual({ type: 'resumed', lastSeq: 7 });
    expect(t.room.read(3)).toBe(true);
    await until(() => t.h.frames.length === 2, 'read');
    expect(t.h.frames[1]).toEqual({ type: 'read', seq: 3 });
  });

  it('refuses to send before the resume completed, so callers keep the frame for later', async () => {
    const t = await setup();
    expect(t.room.read(1)).toBe(false);
    expect(t.room.status).toBe('closed');
  });

  it('reconnects after the server drops the socket and resumes from the new watermark', async () => {
    const t = await setup();
    t.room.start();
    await until(() => t.statuses.includes('open'), 'open');
    t.setWatermark(3);
    t.h.sockets[0]?.terminate();
    await until(() => t.h.frames.length === 2, 'second resume');
    expect(t.h.frames[1]).toEqual({ type: 'resume', lastSeq: 3 });
    expect(t.statuses).toContain('reconnecting');
    await until(() => t.statuses.at(-1) === 'open', 'open again');
  });

  it('drops the socket when the browser goes offline and waits for online', async () => {
    const t = await setup();
    t.room.start();
    await until(() => t.statuses.includes('open'), 'open');
    t.win.navigator.onLine = false;
    t.win.dispatchEvent(new Event('offline'));
    expect(t.statuses.at(-1)).toBe('offline');
    await until(() => t.h.sockets[0]?.readyState === 3, 'server side closed');
    await new Promise((r) => setTimeout(r, 100));
    expect(t.h.frames).toHaveLength(1);
    t.win.navigator.onLine = true;
    t.win.dispatchEvent(new Event('online'));
    await until(() => t.h.frames.length === 2, 'resume after online');
    await until(() => t.statuses.at(-1) === 'open', 'open again');
  });

  it('replaces a socket that does not answer a ping (a tab that slept)', async () => {
    const t = await setup({ pongTimeoutMs: 50 });
    t.room.start();
    await until(() => t.statuses.includes('open'), 'open');
    t.h.silent = true;
    t.doc.dispatchEvent(new Event('visibilitychange'));
    await until(() => t.h.sockets.length === 2 && t.resumes().length === 2, 'new socket');
  });

  it('tells the URL provider how many attempts failed, so it can renew the token', async () => {
    const failures: number[] = [];
    const t = await setup({
      url: async (n) => {
        failures.push(n);
        if (n < 2) throw new Error('not yet');
        return t.h.url;
      },
      backoff: () => 5,
    });
    t.room.start();
    await until(() => t.h.frames.length === 1, 'connect after two failures');
    expect(failures).toEqual([0, 1, 2]);
  });

  it('stops for good: no reconnect after stop', async () => {
    const t = await setup();
    t.room.start();
    await until(() => t.statuses.includes('open'), 'open');
    t.room.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(t.h.frames).toHaveLength(1);
    expect(t.statuses.at(-1)).toBe('closed');
  });
});

describe('RoomClient messages', () => {
  it('sends what was written before the connection after the resume, and again after every resume until acknowledged', async () => {
    const t = await setup();
    t.pending.push({ clientId: 'c1', body: 'hello' }, { clientId: 'n1', body: 'note', private: true });
    t.room.send('c1');
    t.room.start();
    await until(() => t.sends().length === 2, 'sends after resume');
    expect(t.h.frames.map((f) => f.type)).toEqual(['resume', 'send', 'send']);
    expect(t.sends()).toEqual([
      { type: 'send', clientId: 'c1', body: 'hello' },
      { type: 'send', clientId: 'n1', body: 'note', private: true },
    ]);
    // The ack is lost with the connection: the same clientId goes again after the next resume.
    t.pending.splice(1, 1);
    t.h.sockets[0]?.terminate();
    await until(() => t.sends().length === 3, 'send after reconnect');
    expect(t.sends()[2]).toEqual({ type: 'send', clientId: 'c1', body: 'hello' });
  });

  it('retries a send the room asks to come back for, and reports one it refuses', async () => {
    const t = await setup();
    let refusals = 0;
    t.h.answer = (frame, socket) => {
      const code = refusals++ === 0 ? 'slow_down' : 'invalid_message';
      socket.send(
        JSON.stringify({ type: 'error', code, message: `no: ${code}`, clientId: frame.clientId, retryAfterMs: 20 }),
      );
    };
    t.pending.push({ clientId: 'c1', body: 'hello' });
    t.room.start();
    await until(() => t.failed.length === 1, 'refusal');
    expect(t.sends()).toHaveLength(2);
    expect(t.failed).toEqual([{ clientId: 'c1', code: 'invalid_message', message: 'no: invalid_message' }]);
    expect(t.received.filter((f) => f.type === 'error')).toHaveLength(2);
  });

  it('throttles typing and marks private typing', async () => {
    const t = await setup();
    t.room.start();
    await until(() => t.statuses.includes('open'), 'open');
    t.room.typing(true, true);
    t.room.typing(true, true);
    t.room.typing(false);
    await until(() => t.h.frames.length === 3, 'typing frames');
    expect(t.h.frames.slice(1)).toEqual([
      { type: 'typing', on: true, private: true },
      { type: 'typing', on: false },
    ]);
  });
});
