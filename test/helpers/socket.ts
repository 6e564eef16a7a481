// A WebSocket client for workerd tests: connects through the Worker, records every frame and
// waits for the ones a test expects.
import { exports } from 'cloudflare:workers';
import type { RoomServerFrame } from '../../contract/frames.ts';
import { BASE } from './http.ts';

type Frame = RoomServerFrame | { type: string; [key: string]: unknown };

export class TestSocket {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly ws: WebSocket;
  private waiters: (() => void)[] = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener('message', (event) => {
      this.frames.push(JSON.parse(String(event.data)) as Frame);
      this.wake();
    });
    ws.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
  }

  static async open(path: string): Promise<TestSocket> {
    const res = await exports.default.fetch(`${BASE}${path}`, { headers: { upgrade: 'websocket' } });
    const ws = res.webSocket;
    if (res.status !== 101 || !ws) throw new Error(`upgrade failed ${res.status}: ${await res.text()}`);
    ws.accept();
    return new TestSocket(ws);
  }

  /** Status and body of a refused upgrade (for authorisation tests). */
  static async refused(path: string): Promise<{ status: number; body: unknown }> {
    const res = await exports.default.fetch(`${BASE}${path}`, { headers: { upgrade: 'websocket' } });
    if (res.webSocket) throw new Error('upgrade unexpectedly accepted');
    return { status: res.status, body: await res.json() };
  }

  send(frame: unknown): void {
    if (frame instanceof ArrayBuffer) this.ws.send(frame);
    else this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  close(code = 1000): void {
    this.ws.close(code, 'bye');
  }

  /** Closes without a status code: the peer sees 1005, which must never be echoed back. */
  closeWithoutCode(): void {
    this.ws.close();
  }

  of<T extends Frame['type']>(type: T): Extract<Frame, { type: T }>[] {
    return this.frames.filter((f) => f.type === type) as Extract<Frame, { type: T }>[];
  }

  /** Resolves once `test` holds over the frames received so far (or rejects after `ms`). */
  async until(test: (frames: Frame[]) => boolean, ms = 5000, what = 'frames'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test(this.frames)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first frame (from index `from`) matching `test`, waiting for it. */
  async next<F extends Frame>(test: (f: Frame) => f is F, from = 0, ms = 5000): Promise<F> {
    let found: F | undefined;
    await this.until(
      (frames) => {
        found = frames.slice(from).find(test);
        return found !== undefined;
      },
      ms,
      'a matching frame',
    );
    if (!found) throw new Error('unreachable');
    return found;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const isType =
  <T extends string>(type: T) =>
  (f: Frame): f is Extract<Frame, { type: T }> =>
    f.type === type;

/** A conversation room's socket path for `token` (`extra`: more query, e.g. '&lastSeq=3'). */
export const roomPath = (conversationId: string, token: string, extra = '') =>
  `/ws/conversations/${conversationId}?token=${token}${extra}`;

/** A socket on the conversation's room, once welcomed. */
export async function joinRoom(conversationId: string, token: string): Promise<TestSocket> {
  const ws = await TestSocket.open(roomPath(conversationId, token));
  await ws.next(isType('welcome'));
  return ws;
}
