// One WebSocket kept alive, for the widget and the dashboard alike: a fresh URL (so a fresh token)
// on every attempt, capped exponential backoff with jitter, a ping heartbeat that notices dead
// sockets (a laptop that slept, a proxy that dropped the connection), the browser's online/offline
// events (drop at once, reconnect at once) and a probe when the tab comes back. Framework-free;
// the owner resumes in `onOpen` (room.ts sends `resume` with its last seq).

/** `open` means usable: for a room, only once the resume's replay is done. */
export type SocketStatus = 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

type SocketLike = Pick<WebSocket, 'readyState' | 'send' | 'close' | 'onopen' | 'onmessage' | 'onclose' | 'onerror'>;
type Events = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export interface SocketOptions<In, Out> {
  /**
   * The URL for this attempt, asked again on every attempt (tokens expire); `failures` counts the
   * attempts since the last good connection (a hint to renew the credentials); null stops trying
   * (signed out).
   */
  url(failures: number): Promise<string | null>;
  /** Runs on every open, before anything else goes out: the place to resume. */
  onOpen?(send: (frame: Out) => void): void;
  /**
   * When given, the socket counts as open only once a frame passes it (the room's `resumed`); until
   * then `send` refuses, so callers keep their frames for after the resume. Else open on connect.
   */
  ready?(frame: In): boolean;
  /** Validates a frame; null drops it. Without it frames are trusted (the widget carries no zod). */
  parse?(data: unknown): In | null;
  onFrame(frame: In): void;
  onStatus?(status: SocketStatus): void;
  /** The server closed with 4403 (no longer allowed): the socket has stopped for good. */
  onRefused?(code: number): void;
  /** Sent every `heartbeatMs` while open and when the tab comes back; any frame within `pongTimeoutMs` proves the socket alive. */
  ping: Out;
  heartbeatMs?: number;
  pongTimeoutMs?: number;
  backoff?: (failures: number) => number;
  /** Test seams; the browser's by default (none outside a browser). */
  WebSocket?: new (
    url: string,
  ) => SocketLike;
  window?: (Events & { navigator?: { onLine: boolean } }) | null;
  document?: (Events & { visibilityState: string }) | null;
}

/** The close code a Parley socket gets when its holder is no longer allowed (CLOSE_CODES.notMember). */
const NOT_ALLOWED_CLOSE = 4403;

/** 0.5 s, 1 s, 2 s … capped at 30 s, each with ±50 % jitter so a server restart is not stampeded. */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.min(failures, 10));
  return Math.round(base * (0.5 + random()));
}

export class ReconnectingSocket<In, Out> {
  private socket: SocketLike | null = null;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  /** Bumped whenever the current attempt is abandoned, so a late URL cannot open a second socket. */
  private generation = 0;
  private current: SocketStatus = 'closed';
  private readonly opts: SocketOptions<In, Out>;
  private readonly win: SocketOptions<In, Out>['window'];
  private readonly doc: SocketOptions<In, Out>['document'];

  constructor(options: SocketOptions<In, Out>) {
    this.opts = options;
    this.win = options.window !== undefined ? options.window : typeof window === 'undefined' ? null : window;
    this.doc = options.document !== undefined ? options.document : typeof document === 'undefined' ? null : document;
  }

  get status(): SocketStatus {
    return this.current;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.win?.addEventListener('online', this.onOnline);
    this.win?.addEventListener('offline', this.onOffline);
    this.doc?.addEventListener('visibilitychange', this.onVisibility);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.win?.removeEventListener('online', this.onOnline);
    this.win?.removeEventListener('offline', this.onOffline);
    this.doc?.removeEventListener('visibilitychange', this.onVisibility);
    this.drop();
    this.setStatus('closed');
  }

  /** True when the frame went out on an open socket; callers keep what was not sent for the next open. */
  send(frame: Out): boolean {
    if (this.current !== 'open' || this.socket?.readyState !== 1) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** Checks a socket that may have died silently (the tab slept): no answer in time means reconnect. */
  probe(): void {
    if (this.socket?.readyState !== 1) {
      this.reconnectNow();
      return;
    }
    this.socket.send(JSON.stringify(this.opts.ping));
    clearTimeout(this.pongTimer);
    this.pongTimer = setTimeout(() => this.reconnectNow(), this.opts.pongTimeoutMs ?? 10_000);
  }

  private setStatus(status: SocketStatus): void {
    if (status === this.current) return;
    this.current = status;
    this.opts.onStatus?.(status);
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    if (this.stopped) return;
    if (this.win?.navigator?.onLine === false) {
      this.setStatus('offline');
      return;
    }
    this.setStatus(this.failures === 0 && this.current === 'closed' ? 'connecting' : 'reconnecting');
    const generation = this.generation;
    this.opts.url(this.failures).then(
      (url) => {
        if (generation !== this.generation) return;
        if (url === null) this.setStatus('closed');
        else this.open(url);
      },
      () => generation === this.generation && this.scheduleRetry(),
    );
  }

  private open(url: string): void {
    if (this.stopped || this.socket) return;
    const socket = new (this.opts.WebSocket ?? WebSocket)(url);
    this.socket = socket;
    socket.onopen = () => {
      this.opts.onOpen?.((frame) => socket.send(JSON.stringify(frame)));
      if (!this.opts.ready) this.opened();
    };
    socket.onmessage = (event: { data: unknown }) => {
      if (socket !== this.socket) return;
      // Any frame proves the socket alive.
      clearTimeout(this.pongTimer);
      let frame: In | null;
      try {
        const data: unknown = JSON.parse(String(event.data));
        frame = this.opts.parse ? this.opts.parse(data) : (data as In);
      } catch {
        return;
      }
      if (frame === null) return;
      if (this.opts.ready?.(frame)) this.opened();
      this.opts.onFrame(frame);
    };
    socket.onclose = (event: { code?: number }) => {
      if (socket !== this.socket) return;
      this.drop();
      // 4403: no longer allowed here (removed from the project, blocked). Retrying cannot succeed,
      // so stop and say so; 4401 (session ended) retries, and the fresh URL decides (sign-out).
      if (event?.code === NOT_ALLOWED_CLOSE) {
        this.stopped = true;
        this.setStatus('closed');
        this.opts.onRefused?.(event.code);
        return;
      }
      this.scheduleRetry();
    };
    socket.onerror = () => socket.close();
  }

  private opened(): void {
    this.failures = 0;
    this.setStatus('open');
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.probe(), this.opts.heartbeatMs ?? 25_000);
  }

  private drop(): void {
    this.generation += 1;
    clearTimeout(this.retryTimer);
    clearTimeout(this.pongTimer);
    clearInterval(this.heartbeat);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      if (socket.readyState <= 1) socket.close(1000);
    }
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.failures += 1;
    // No point trying without a network: 'online' reconnects at once.
    if (this.win?.navigator?.onLine === false) {
      this.setStatus('offline');
      return;
    }
    this.setStatus('reconnecting');
    const delay = (this.opts.backoff ?? backoffDelay)(this.failures - 1);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private reconnectNow(): void {
    if (this.stopped) return;
    this.drop();
    this.connect();
  }

  private readonly onOnline = () => {
    this.failures = 0;
    this.reconnectNow();
  };

  // The browser knows the network is gone: drop the socket now rather than wait for TCP to notice,
  // so that the resume on 'online' replays whatever was missed.
  private readonly onOffline = () => {
    if (this.stopped) return;
    this.drop();
    this.setStatus('offline');
  };

  private readonly onVisibility = () => {
    if (this.doc?.visibilityState !== 'visible' || this.stopped) return;
    if (this.socket) this.probe();
    else {
      this.failures = 0;
      this.reconnectNow();
    }
  };
}
