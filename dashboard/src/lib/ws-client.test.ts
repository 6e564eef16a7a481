// The reconnecting socket: a fresh URL (token) per attempt, backoff after failures, the owner's
// resume on every open, malformed frames dropped, and a dead connection noticed by ping silence.
import { describe, expect, it } from 'vitest';
import { createReconnectingSocket } from './ws-client.ts';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
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
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

function fakeTimers() {
  const timeouts: { fn: () => void; ms: number }[] = [];
  const intervals: { fn: () => void; ms: number }[] = [];
  return {
    timeouts,
    intervals,
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        const timer = { fn, ms };
        timeouts.push(timer);
        return timer;
      },
      clearTimeout: (timer: unknown) => {
        const i = timeouts.indexOf(timer as { fn: () => void; ms: number });
        if (i >= 0) timeouts.splice(i, 1);
      },
      setInterval: (fn: () => void, ms: number) => intervals.push({ fn, ms }),
      clearInterval: () => undefined,
    },
    runNextTimeout() {
      const next = timeouts.shift();
      next?.fn();
      return next?.ms;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(overrides: { url?: () => Promise<string | null> } = {}) {
  FakeSocket.all = [];
  const clock = fakeTimers();
  const frames: unknown[] = [];
  const opens: number[] = [];
  const statuses: string[] = [];
  let attempt = 0;
  const socket = createReconnectingSocket<{ type: string }, { type: string; n?: number }>({
    url: overrides.url ?? (async () => `ws://test/room?token=t${++attempt}`),
    parse: (data) =>
      data && typeof data === 'object' && 'type' in data && typeof data.type === 'string' ? { type: data.type } : null,
    onFrame: (f) => frames.push(f),
    onOpen: (send) => {
      opens.push(opens.length + 1);
      send({ type: 'resume', n: opens.length });
    },
    onStatus: (s) => statuses.push(s),
    ping: { type: 'ping' },
    pingIntervalMs: 1000,
    backoffMs: (n) => n * 100,
    create: (url) => new FakeSocket(url),
    timers: clock.timers,
  });
  return { socket, clock, frames, opens, statuses };
}

describe('reconnecting socket', () => {
  it('resumes on every open and asks for a fresh URL (token) for each attempt', async () => {
    const { clock, opens, statuses } = setup();
    await tick();
    const first = FakeSocket.all[0];
    first?.open();
    expect(first?.url).toBe('ws://test/room?token=t1');
    expect(first?.sent).toEqual(['{"type":"resume","n":1}']);
    first?.drop();
    expect(statuses).toContain('reconnecting');
    expect(clock.runNextTimeout()).toBe(100);
    await tick();
    const second = FakeSocket.all[1];
    expect(second?.url).toBe('ws://test/room?token=t2');
    second?.open();
    expect(second?.sent).toEqual(['{"type":"resume","n":2}']);
    expect(opens).toEqual([1, 2]);
    expect(statuses.at(-1)).toBe('open');
  });

  it('backs off further after each consecutive failure and starts over after a success', async () => {
    const { clock } = setup();
    await tick();
    FakeSocket.all[0]?.drop();
    expect(clock.runNextTimeout()).toBe(100);
    await tick();
    FakeSocket.all[1]?.drop();
    expect(clock.runNextTimeout()).toBe(200);
    await tick();
    FakeSocket.all[2]?.open();
    FakeSocket.all[2]?.drop();
    expect(clock.runNextTimeout()).toBe(100);
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

  it('stops for good when the URL is null (signed out) or when closed', async () => {
    const signedOut = setup({ url: async () => null });
    await tick();
    expect(FakeSocket.all).toHaveLength(0);
    expect(signedOut.statuses.at(-1)).toBe('closed');

    const { socket, clock } = setup();
    await tick();
    FakeSocket.all[0]?.open();
    socket.close();
    expect(FakeSocket.all[0]?.closed).toBe(1000);
    expect(clock.timeouts).toHaveLength(0);
    expect(socket.send({ type: 'x' })).toBe(false);
  });

  it('pings while open and closes a connection that stays silent for two intervals', async () => {
    const { clock } = setup();
    await tick();
    const ws = FakeSocket.all[0];
    ws?.open();
    const ping = clock.intervals[0];
    expect(ping?.ms).toBe(1000);
    ping?.fn();
    expect(ws?.sent.at(-1)).toBe('{"type":"ping"}');
    // Pretend the last frame arrived long ago.
    const realNow = Date.now;
    Date.now = () => realNow() + 5000;
    try {
      ping?.fn();
    } finally {
      Date.now = realNow;
    }
    expect(ws?.closed).toBe(4000);
    expect(clock.timeouts).toHaveLength(1);
  });
});

describe('network and visibility', () => {
  function listeners() {
    const map = new Map<string, () => void>();
    return {
      visibilityState: 'visible',
      addEventListener: (type: string, fn: () => void) => map.set(type, fn),
      removeEventListener: (type: string) => map.delete(type),
      fire: (type: string) => map.get(type)?.(),
      has: (type: string) => map.has(type),
    };
  }

  it('drops the socket when the browser goes offline, waits, and reconnects and resumes when back online', async () => {
    FakeSocket.all = [];
    const clock = fakeTimers();
    const net = listeners();
    const opens: number[] = [];
    const statuses: string[] = [];
    const socket = createReconnectingSocket<{ type: string }, { type: string }>({
      url: async () => 'ws://test/x',
      parse: () => null,
      onFrame: () => undefined,
      onOpen: (send) => {
        opens.push(1);
        send({ type: 'resume' });
      },
      onStatus: (s) => statuses.push(s),
      create: (url) => new FakeSocket(url),
      timers: clock.timers,
      network: net,
      visibility: null,
    });
    await tick();
    FakeSocket.all[0]?.open();
    net.fire('offline');
    expect(FakeSocket.all[0]?.closed).toBe(4001);
    expect(statuses.at(-1)).toBe('offline');
    // Offline: no retry is scheduled.
    expect(clock.timeouts).toHaveLength(0);
    net.fire('online');
    await tick();
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]?.open();
    expect(opens).toHaveLength(2);
    expect(FakeSocket.all[1]?.sent).toEqual(['{"type":"resume"}']);
    socket.close();
    expect(net.has('online')).toBe(false);
  });

  it('probes with a ping when the tab becomes visible and drops a socket that stays silent', async () => {
    FakeSocket.all = [];
    const clock = fakeTimers();
    const doc = listeners();
    createReconnectingSocket<{ type: string }, { type: string }>({
      url: async () => 'ws://test/x',
      parse: (d) => d as { type: string },
      onFrame: () => undefined,
      ping: { type: 'ping' },
      create: (url) => new FakeSocket(url),
      timers: clock.timers,
      network: null,
      visibility: doc,
      probeTimeoutMs: 100,
    });
    await tick();
    const ws = FakeSocket.all[0];
    ws?.open();
    doc.fire('visibilitychange');
    expect(ws?.sent.at(-1)).toBe('{"type":"ping"}');
    // An answer cancels the probe…
    ws?.receive({ type: 'pong' });
    expect(clock.timeouts).toHaveLength(0);
    // …silence does not.
    doc.fire('visibilitychange');
    expect(clock.runNextTimeout()).toBe(100);
    expect(ws?.closed).toBe(4001);
  });
});
