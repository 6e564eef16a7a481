// The reconnecting socket with a fake WebSocket and fake timers: a fresh URL (token) per attempt,
// backoff after failures, the owner's resume on every open, `open` only once the owner's handshake
// frame came, malformed frames dropped, dead connections noticed by an unanswered ping, and the
// browser's offline/online and visibility events.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, ReconnectingSocket, type SocketOptions, type SocketStatus } from './socket.ts';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState: 0 | 1 | 2 | 3 = 0;
  sent: string[] = [];
  closed: number | null = null;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.closed = code;
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  drop(code?: number) {
    this.readyState = 3;
    this.onclose?.(code === undefined ? {} : { code });
  }
}

/** Lets the URL promise settle. */
const tick = () => vi.advanceTimersByTimeAsync(0);

function listeners(extra: { visibilityState?: string; navigator?: { onLine: boolean } } = {}) {
  const map = new Map<string, () => void>();
  return {
    visibilityState: 'visible',
    ...extra,
    addEventListener: (type: string, fn: () => void) => map.set(type, fn),
    removeEventListener: (type: string) => map.delete(type),
    fire: (type: string) => map.get(type)?.(),
    has: (type: string) => map.has(type),
  };
}

type Frame = { type: string; n?: number };

function setup(overrides: Partial<SocketOptions<Frame, Frame>> = {}) {
  FakeSocket.all = [];
  const frames: unknown[] = [];
  const opens: number[] = [];
  const statuses: SocketStatus[] = [];
  const failures: number[] = [];
  const backoffs: number[] = [];
  let attempt = 0;
  const socket = new ReconnectingSocket<Frame, Frame>({
    url: async (n) => {
      failures.push(n);
      return `ws://test/room?token=t${++attempt}`;
    },
    parse: (data) =>
      data && typeof data === 'object' && 'type' in data && typeof data.type === 'string' ? { type: data.type } : null,
    onFrame: (f) => frames.push(f),
    onOpen: (send) => {
      opens.push(opens.length + 1);
      send({ type: 'resume', n: opens.length });
    },
    onStatus: (s) => statuses.push(s),
    ping: { type: 'ping' },
    heartbeatMs: 1000,
    pongTimeoutMs: 100,
    backoff: (n) => {
      backoffs.push(n);
      return 100;
    },
    WebSocket: FakeSocket,
    window: null,
    document: null,
    ...overrides,
  });
  socket.start();
  return { socket, frames, opens, statuses, failures, backoffs };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('reconnecting socket', () => {
  it('resumes on every open and asks for a fresh URL (token) for each attempt', async () => {
    const { opens, statuses, failures } = setup();
    await tick();
    const first = FakeSocket.all[0];
    first?.open();
    expect(first?.url).toBe('ws://test/room?token=t1');
    expect(first?.sent).toEqual(['{"type":"resume","n":1}']);
    first?.drop();
    expect(statuses).toContain('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    const second = FakeSocket.all[1];
    expect(second?.url).toBe('ws://test/room?token=t2');
    second?.open();
    expect(second?.sent).toEqual(['{"type":"resume","n":2}']);
    expect(opens).toEqual([1, 2]);
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    // The URL provider hears how many attempts failed since the last good connection.
    expect(failures).toEqual([0, 1]);
  });

  it('backs off further after each consecutive failure and starts over after a success', async () => {
    const { backoffs } = setup();
    await tick();
    FakeSocket.all[0]?.drop();
    await vi.advanceTimersByTimeAsync(100);
    FakeSocket.all[1]?.drop();
    await vi.advanceTimersByTimeAsync(100);
    FakeSocket.all[2]?.open();
    FakeSocket.all[2]?.drop();
    expect(backoffs).toEqual([0, 1, 0]);
  });

  it('retries with backoff when the URL cannot be had (no token yet)', async () => {
    let calls = 0;
    const { statuses } = setup({
      url: async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'ws://test/x';
      },
    });
    await tick();
    expect(statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('counts as open only once the handshake frame came; until then send refuses', async () => {
    const { socket, statuses } = setup({ ready: (f) => f.type === 'resumed' });
    await tick();
    const ws = FakeSocket.all[0];
    ws?.open();
    expect(statuses.at(-1)).toBe('connecting');
    expect(socket.send({ type: 'typing' })).toBe(false);
    ws?.receive({ type: 'resumed' });
    expect(statuses.at(-1)).toBe('open');
    expect(socket.send({ type: 'typing' })).toBe(true);
    expect(ws?.sent).toEqual(['{"type":"resume","n":1}', '{"type":"typing"}']);
  });

  it('passes valid frames on and drops malformed ones', async () => {
    const { frames } = setup();
    await tick();
    const ws = FakeSocket.all[0];
    ws?.open();
    ws?.receive({ type: 'message' });
    ws?.receive('not json');
    ws?.receive({ nope: true });
    ws?.receive({ type: 'pong' });
    expect(frames).toEqual([{ type: 'message' }, { type: 'pong' }]);
  });

  it('stops for good when the URL is null (signed out) or when stopped', async () => {
    const signedOut = setup({ url: async () => null });
    await tick();
    expect(FakeSocket.all).toHaveLength(0);
    expect(signedOut.statuses.at(-1)).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);

    const { socket } = setup();
    await tick();
    FakeSocket.all[0]?.open();
    socket.stop();
    expect(FakeSocket.all[0]?.closed).toBe(1000);
    expect(vi.getTimerCount()).toBe(0);
    expect(socket.send({ type: 'x' })).toBe(false);
    expect(socket.status).toBe('closed');
  });

  it('stops for good when the server says the holder is no longer allowed (4403), retries on 4401', async () => {
    const refused: number[] = [];
    const { statuses } = setup({ onRefused: (code) => refused.push(code) });
    await tick();
    FakeSocket.all[0]?.open();
    // Session ended: reconnect with a fresh URL (a fresh token, or sign-out when there is none).
    FakeSocket.all[0]?.drop(4401);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]?.open();
    // Removed from the project or blocked: retrying cannot succeed.
    FakeSocket.all[1]?.drop(4403);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(2);
    expect(statuses.at(-1)).toBe('closed');
    expect(refused).toEqual([4403]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('pings while open and replaces a connection that does not answer', async () => {
    setup();
    await tick();
    const ws = FakeSocket.all[0];
    ws?.open();
    vi.advanceTimersByTime(1000);
    expect(ws?.sent.at(-1)).toBe('{"type":"ping"}');
    ws?.receive({ type: 'pong' });
    vi.advanceTimersByTime(999);
    expect(ws?.closed).toBeNull();
    vi.advanceTimersByTime(1);
    expect(ws?.sent.filter((s) => s === '{"type":"ping"}')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(ws?.closed).toBe(1000);
    // Replaced at once, no backoff: the connection was good until it went silent.
    expect(FakeSocket.all).toHaveLength(2);
  });
});

describe('network and visibility', () => {
  it('drops the socket when the browser goes offline, waits, and reconnects and resumes when back online', async () => {
    const navigator = { onLine: true };
    const net = listeners({ navigator });
    const { socket, opens, statuses } = setup({ window: net });
    await tick();
    FakeSocket.all[0]?.open();
    navigator.onLine = false;
    net.fire('offline');
    expect(FakeSocket.all[0]?.closed).toBe(1000);
    expect(statuses.at(-1)).toBe('offline');
    // Offline: no retry is scheduled.
    expect(vi.getTimerCount()).toBe(0);
    navigator.onLine = true;
    net.fire('online');
    await tick();
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]?.open();
    expect(opens).toHaveLength(2);
    expect(FakeSocket.all[1]?.sent).toEqual(['{"type":"resume","n":2}']);
    socket.stop();
    expect(net.has('online')).toBe(false);
    expect(net.has('offline')).toBe(false);
  });

  it('does not try while the browser says it is offline', async () => {
    const net = listeners({ navigator: { onLine: false } });
    const { statuses } = setup({ window: net });
    await tick();
    expect(FakeSocket.all).toHaveLength(0);
    expect(statuses).toEqual(['offline']);
  });

  it('probes with a ping when the tab becomes visible and drops a socket that stays silent', async () => {
    const doc = listeners();
    setup({ document: doc, heartbeatMs: 60_000 });
    await tick();
    const ws = FakeSocket.all[0];
    ws?.open();
    doc.fire('visibilitychange');
    expect(ws?.sent.at(-1)).toBe('{"type":"ping"}');
    // An answer cancels the probe…
    ws?.receive({ type: 'pong' });
    vi.advanceTimersByTime(200);
    expect(ws?.closed).toBeNull();
    // …silence does not.
    doc.fire('visibilitychange');
    await vi.advanceTimersByTimeAsync(100);
    expect(ws?.closed).toBe(1000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('reconnects at once when the tab becomes visible while waiting out a backoff', async () => {
    const doc = listeners();
    const { failures } = setup({ document: doc, backoff: () => 60_000 });
    await tick();
    FakeSocket.all[0]?.drop();
    doc.visibilityState = 'hidden';
    doc.fire('visibilitychange');
    expect(FakeSocket.all).toHaveLength(1);
    doc.visibilityState = 'visible';
    doc.fire('visibilitychange');
    await tick();
    expect(FakeSocket.all).toHaveLength(2);
    expect(failures).toEqual([0, 0]);
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
