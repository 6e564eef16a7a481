// One conversation's WebSocket, kept alive: resume from the last seq seen on every (re)connect,
// exponential backoff with jitter, a ping/pong heartbeat that notices dead sockets (a laptop that
// slept, a proxy that dropped the connection), and the browser's online/offline and
// visibilitychange events to reconnect as soon as it makes sense instead of at the next backoff.
import type { RoomClientFrame, RoomServerFrame } from '../../../../contract/frames.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'reconnecting' | 'closed';

export interface ConnectionOptions {
  /** The socket URL; `failures` counts attempts since the last good connection (a hint to refresh the token). */
  url(failures: number): Promise<string>;
  /** Where the resume starts: every seq up to it has been received. */
  resumeFrom(): number;
  onFrame(frame: RoomServerFrame): void;
  onStatus(status: ConnectionStatus): void;
  /** Injected in tests; the browser's by default. */
  WebSocket?: typeof WebSocket;
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'> & { navigator: { onLine: boolean } };
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  heartbeatMs?: number;
  pongTimeoutMs?: number;
  backoff?: (failures: number) => number;
}

/** 0.5 s, 1 s, 2 s … capped at 30 s, each with ±50 % jitter so a server restart is not stampeded. */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.min(failures, 10));
  return Math.round(base * (0.5 + random()));
}

export class RoomConnection {
  private socket: WebSocket | null = null;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  /** Bumped whenever the current attempt is abandoned, so a late URL cannot open a second socket. */
  private generation = 0;
  private status: ConnectionStatus = 'closed';
  private readonly opts: ConnectionOptions;
  private readonly win: NonNullable<ConnectionOptions['window']>;
  private readonly doc: NonNullable<ConnectionOptions['document']>;

  constructor(options: ConnectionOptions) {
    this.opts = options;
    this.win = options.window ?? window;
    this.doc = options.document ?? document;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.win.addEventListener('online', this.onOnline);
    this.win.addEventListener('offline', this.onOffline);
    this.doc.addEventListener('visibilitychange', this.onVisibility);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.win.removeEventListener('online', this.onOnline);
    this.win.removeEventListener('offline', this.onOffline);
    this.doc.removeEventListener('visibilitychange', this.onVisibility);
    this.drop();
    this.setStatus('closed');
  }

  /** True when the frame went out on an open socket; callers keep what was not sent for the next resume. */
  send(frame: RoomClientFrame): boolean {
    if (this.status !== 'online' || this.socket?.readyState !== 1) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** Checks a socket that may have died silently (the tab slept): no pong in time means reconnect. */
  probe(): void {
    if (this.socket?.readyState !== 1) {
      this.reconnectNow();
      return;
    }
    this.socket.send(JSON.stringify({ type: 'ping' } satisfies RoomClientFrame));
    clearTimeout(this.pongTimer);
    this.pongTimer = setTimeout(() => this.reconnectNow(), this.opts.pongTimeoutMs ?? 10_000);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.opts.onStatus(status);
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    if (this.stopped) return;
    if (!this.win.navigator.onLine) {
      this.setStatus('offline');
      return;
    }
    this.setStatus(this.failures === 0 && this.status === 'closed' ? 'connecting' : 'reconnecting');
    const generation = this.generation;
    this.opts.url(this.failures).then(
      (url) => generation === this.generation && this.open(url),
      () => generation === this.generation && this.scheduleRetry(),
    );
  }

  private open(url: string): void {
    if (this.stopped || this.socket) return;
    const Socket = this.opts.WebSocket ?? WebSocket;
    const socket = new Socket(url);
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'resume', lastSeq: this.opts.resumeFrom() } satisfies RoomClientFrame));
    };
    socket.onmessage = (event: MessageEvent) => {
      if (socket !== this.socket) return;
      // Any frame proves the socket alive.
      clearTimeout(this.pongTimer);
      let frame: RoomServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as RoomServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'resumed') {
        this.failures = 0;
        this.setStatus('online');
        this.startHeartbeat();
      }
      this.opts.onFrame(frame);
    };
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.drop();
      this.scheduleRetry();
    };
    socket.onerror = () => socket.close();
  }

  private startHeartbeat(): void {
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
    if (!this.win.navigator.onLine) {
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
    if (this.doc.visibilityState !== 'visible' || this.stopped) return;
    if (this.socket) this.probe();
    else {
      this.failures = 0;
      this.reconnectNow();
    }
  };
}
