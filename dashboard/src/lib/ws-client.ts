// A WebSocket that stays connected: reconnects with capped, jittered exponential backoff, asks for
// a fresh URL (and so a fresh access token) on every attempt, pings to notice dead connections,
// follows the browser's offline/online events (drop at once, reconnect at once), probes the
// connection when the tab comes back, and lets its owner resume on every (re)open — e.g. the
// room sends `resume` with its last seq.

export type SocketStatus = 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

interface NetworkEvents {
  addEventListener(type: 'online' | 'offline' | 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline' | 'visibilitychange', listener: () => void): void;
}

interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

export interface ReconnectingSocketOptions<In, Out> {
  /** The URL to connect to now; null stops reconnecting (e.g. signed out). */
  url: () => Promise<string | null>;
  /** Validates a frame; null drops it (malformed frames never reach the owner). */
  parse: (data: unknown) => In | null;
  onFrame: (frame: In) => void;
  /** Runs on every open, before any queued frame: the place to resume. */
  onOpen?: (send: (frame: Out) => boolean) => void;
  onStatus?: (status: SocketStatus) => void;
  ping?: Out;
  pingIntervalMs?: number;
  /** Backoff after the n-th consecutive failure (1-based). */
  backoffMs?: (attempt: number) => number;
  create?: SocketFactory;
  /** Where 'online'/'offline' events come from (the window); none in tests that do not need them. */
  network?: NetworkEvents | null;
  /** Where 'visibilitychange' comes from (the document). */
  visibility?: (NetworkEvents & { visibilityState: string }) | null;
  /** How long a probe waits for any frame before giving the connection up. */
  probeTimeoutMs?: number;
  timers?: {
    setTimeout: (fn: () => void, ms: number) => unknown;
    clearTimeout: (id: unknown) => void;
    setInterval: (fn: () => void, ms: number) => unknown;
    clearInterval: (id: unknown) => void;
  };
}

const OPEN = 1;

export const defaultBackoff = (attempt: number): number => {
  const base = Math.min(30_000, 500 * 2 ** Math.min(attempt - 1, 6));
  // Full jitter keeps a fleet of dashboards from reconnecting in lockstep after a deploy.
  return Math.round(base / 2 + Math.random() * (base / 2));
};

export function createReconnectingSocket<In, Out>(options: ReconnectingSocketOptions<In, Out>) {
  const create: SocketFactory = options.create ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const timers = options.timers ?? {
    setTimeout: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms),
    clearTimeout: (id: unknown) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
    setInterval: (fn: () => void, ms: number) => globalThis.setInterval(fn, ms),
    clearInterval: (id: unknown) => globalThis.clearInterval(id as ReturnType<typeof setInterval>),
  };
  const backoff = options.backoffMs ?? defaultBackoff;
  const pingInterval = options.pingIntervalMs ?? 25_000;

  let socket: SocketLike | null = null;
  let stopped = false;
  let failures = 0;
  let retryTimer: unknown = null;
  let pingTimer: unknown = null;
  let lastFrameAt = 0;
  let status: SocketStatus = 'connecting';
  let offline = false;
  let probeTimer: unknown = null;
  const network = options.network === undefined ? (typeof window === 'undefined' ? null : window) : options.network;
  const visibility =
    options.visibility === undefined ? (typeof document === 'undefined' ? null : document) : options.visibility;

  const setStatus = (next: SocketStatus) => {
    if (next === status) return;
    status = next;
    options.onStatus?.(next);
  };

  const send = (frame: Out): boolean => {
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };

  const stopPing = () => {
    if (pingTimer !== null) timers.clearInterval(pingTimer);
    pingTimer = null;
  };

  const scheduleReconnect = () => {
    if (stopped || retryTimer !== null) return;
    // No point trying without a network: 'online' reconnects at once.
    if (offline) {
      setStatus('offline');
      return;
    }
    failures += 1;
    setStatus('reconnecting');
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      void connect();
    }, backoff(failures));
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    let url: string | null;
    try {
      url = await options.url();
    } catch {
      scheduleReconnect();
      return;
    }
    if (stopped) return;
    if (url === null) {
      setStatus('closed');
      return;
    }
    const ws = create(url);
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      failures = 0;
      lastFrameAt = Date.now();
      setStatus('open');
      options.onOpen?.(send);
      if (options.ping !== undefined) {
        const ping = options.ping;
        stopPing();
        pingTimer = timers.setInterval(() => {
          // Two silent intervals: the connection is dead even if the browser has not noticed.
          if (Date.now() - lastFrameAt > pingInterval * 2) {
            ws.close(4000, 'ping timeout');
            return;
          }
          send(ping);
        }, pingInterval);
      }
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      lastFrameAt = Date.now();
      if (probeTimer !== null) {
        timers.clearTimeout(probeTimer);
        probeTimer = null;
      }
      if (typeof event.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      const frame = options.parse(data);
      if (frame !== null) options.onFrame(frame);
    };
    ws.onerror = () => {
      // onclose follows and decides; nothing to do here.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      stopPing();
      if (stopped) setStatus('closed');
      else scheduleReconnect();
    };
  }

  const clearProbe = () => {
    if (probeTimer !== null) timers.clearTimeout(probeTimer);
    probeTimer = null;
  };

  /** Drops the connection now (its close schedules the reconnect, or waits for the network). */
  const drop = () => {
    clearProbe();
    const ws = socket;
    if (!ws) return;
    socket = null;
    stopPing();
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
    ws.close(4001, 'dropped');
    scheduleReconnect();
  };

  const reconnectNow = () => {
    if (stopped) return;
    offline = false;
    if (retryTimer !== null) {
      timers.clearTimeout(retryTimer);
      retryTimer = null;
    }
    if (!socket) void connect();
  };

  const onOffline = () => {
    offline = true;
    drop();
    setStatus('offline');
  };
  const onOnline = () => {
    failures = 0;
    reconnectNow();
  };
  // A tab that slept may hold a socket the server closed long ago: one ping must get an answer.
  const onVisibility = () => {
    if (visibility?.visibilityState !== 'visible' || stopped || !socket || options.ping === undefined) return;
    if (!send(options.ping)) return;
    clearProbe();
    probeTimer = timers.setTimeout(drop, options.probeTimeoutMs ?? 5000);
  };
  network?.addEventListener('offline', onOffline);
  network?.addEventListener('online', onOnline);
  visibility?.addEventListener('visibilitychange', onVisibility);

  void connect();

  return {
    send,
    get status() {
      return status;
    },
    /** Reconnects now instead of after the backoff (e.g. the browser came back online). */
    reconnectNow,
    close(): void {
      stopped = true;
      clearProbe();
      network?.removeEventListener('offline', onOffline);
      network?.removeEventListener('online', onOnline);
      visibility?.removeEventListener('visibilitychange', onVisibility);
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      retryTimer = null;
      stopPing();
      const ws = socket;
      socket = null;
      ws?.close(1000, 'done');
      setStatus('closed');
    },
  };
}

export type ReconnectingSocket<Out> = {
  send: (frame: Out) => boolean;
  readonly status: SocketStatus;
  reconnectNow: () => void;
  close: () => void;
};

/** ws(s):// URL on this origin. */
export function socketUrl(path: string): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${path}`;
}
