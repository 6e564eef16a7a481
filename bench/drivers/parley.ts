// Parley's client side: a plain WebSocket (the `ws` package, as socket.io-client uses underneath)
// to /ws/conversations/:id?token=…, speaking contract/frames.ts: `send` out; `welcome`,
// `message`, `ack` and `error` in.
import WebSocket from 'ws';
import type { RoomServerFrame } from '../../contract/frames.ts';
import {
  ConnectError,
  type Connection,
  type ConnectionHandlers,
  type ConnectOptions,
  type Driver,
  type Participant,
} from './types.ts';

/** A socket's welcome must come within this; BENCH_CONNECT_TIMEOUT_MS raises it on a machine busy with other work. */
const CONNECT_TIMEOUT_MS = Number(process.env.BENCH_CONNECT_TIMEOUT_MS ?? 20_000);

/** The shard a conversation lives in: the same for every client of it. */
function shardOf(conversationId: string, shards: number): number {
  return Number.parseInt(conversationId.replace(/-/g, '').slice(-8), 16) % shards;
}

export class ParleyDriver implements Driver {
  readonly target = 'parley' as const;
  readonly #bases: string[];

  /** One base URL per runtime shard: a conversation's clients all go to its shard (shardOf). */
  constructor(baseUrls: string[]) {
    this.#bases = baseUrls.map((u) => u.replace(/^http/, 'ws'));
  }

  connect(participant: Participant, handlers: ConnectionHandlers, opts: ConnectOptions = {}): Promise<Connection> {
    const query = new URLSearchParams({ token: participant.token });
    if (opts.lastSeq !== undefined) query.set('lastSeq', String(opts.lastSeq));
    const base = this.#bases[shardOf(participant.conversationId, this.#bases.length)];
    const ws = new WebSocket(`${base}/ws/conversations/${participant.conversationId}?${query}`, {
      perMessageDeflate: false,
    });
    let closedByUs = false;
    let welcomed = false;
    return new Promise<Connection>((resolve, reject) => {
      const fail = (why: string) => {
        closedByUs = true;
        ws.terminate();
        reject(new ConnectError(why));
      };
      const timer = setTimeout(() => fail('timeout'), opts.timeoutMs ?? CONNECT_TIMEOUT_MS);
      ws.on('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        fail(`http ${res.statusCode}`);
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        if (!welcomed) fail(`error: ${err.message}`);
      });
      ws.on('close', () => {
        clearTimeout(timer);
        if (!welcomed) fail('closed before welcome');
        else if (!closedByUs) handlers.onDrop?.();
      });
      ws.on('message', (data: WebSocket.RawData) => {
        const at = performance.now();
        const frame = JSON.parse(data.toString()) as RoomServerFrame;
        switch (frame.type) {
          case 'welcome':
            welcomed = true;
            clearTimeout(timer);
            resolve({
              participant,
              welcomeSeq: frame.lastSeq,
              send(clientId, body) {
                if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'send', clientId, body }));
              },
              close() {
                closedByUs = true;
                ws.close(1000);
              },
            });
            return;
          case 'message':
            handlers.onMessage?.(
              {
                conversationId: frame.message.conversationId,
                seq: frame.message.seq,
                clientId: frame.message.clientId,
                authorId: frame.message.author.id ?? null,
              },
              at,
            );
            return;
          case 'ack':
            handlers.onAck?.({ clientId: frame.clientId, seq: frame.seq }, at);
            return;
          case 'error':
            handlers.onError?.(
              {
                code: frame.code,
                message: frame.message,
                ...(frame.clientId ? { clientId: frame.clientId } : {}),
                ...(frame.retryAfterMs !== undefined ? { retryAfterMs: frame.retryAfterMs } : {}),
              },
              at,
            );
            return;
          default:
            return;
        }
      });
    });
  }
}
