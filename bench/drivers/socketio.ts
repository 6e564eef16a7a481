// The baseline's client side: socket.io-client over WebSocket only (no long-polling, so no sticky
// sessions are needed between the two gateway processes), one Manager per socket.
import { io, type Socket } from 'socket.io-client';
import {
  ConnectError,
  type Connection,
  type ConnectionHandlers,
  type ConnectOptions,
  type Delivery,
  type Driver,
  type Participant,
} from './types.ts';

interface WireMessage {
  conversationId: string;
  seq: number;
  clientId: string | null;
  author: { id?: string };
}

interface Reply {
  error?: { code: string; message: string };
  clientId?: string;
  seq?: number;
  lastSeq?: number;
}

export class SocketIoDriver implements Driver {
  readonly target = 'baseline' as const;
  readonly #urls: string[];
  #next = 0;

  /** Sockets are spread round-robin over the gateway processes, as a load balancer would. */
  constructor(urls: string[]) {
    this.#urls = urls;
  }

  connect(participant: Participant, handlers: ConnectionHandlers, opts: ConnectOptions = {}): Promise<Connection> {
    const url = this.#urls[this.#next++ % this.#urls.length] ?? '';
    const socket: Socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: opts.timeoutMs ?? 20_000,
      auth: { token: participant.token, ...(opts.lastSeq === undefined ? {} : { lastSeq: opts.lastSeq }) },
    });
    let closedByUs = false;
    socket.on('message', (m: WireMessage) => {
      const at = performance.now();
      const delivery: Delivery = {
        conversationId: m.conversationId,
        seq: m.seq,
        clientId: m.clientId,
        authorId: m.author.id ?? null,
      };
      handlers.onMessage?.(delivery, at);
    });
    const connection = (welcomeSeq: number): Connection => ({
      participant,
      welcomeSeq,
      send(clientId, body) {
        socket.emit(
          'send',
          { clientId, body, ...(participant.role === 'agent' ? { conversationId: participant.conversationId } : {}) },
          (reply: Reply) => {
            const at = performance.now();
            if (reply.error) handlers.onError?.({ ...reply.error, clientId }, at);
            else if (typeof reply.seq === 'number') handlers.onAck?.({ clientId, seq: reply.seq }, at);
          },
        );
      },
      close() {
        closedByUs = true;
        socket.disconnect();
      },
    });
    return new Promise<Connection>((resolve, reject) => {
      const fail = (why: string) => {
        closedByUs = true;
        socket.disconnect();
        reject(new ConnectError(why));
      };
      const timer = setTimeout(() => fail('timeout'), opts.timeoutMs ?? 20_000);
      socket.once('connect_error', (err: Error) => {
        clearTimeout(timer);
        fail(`connect_error: ${err.message}`);
      });
      socket.once('failure', (reply: Reply) => {
        clearTimeout(timer);
        fail(reply.error?.code ?? 'failure');
      });
      socket.on('disconnect', () => {
        if (!closedByUs) handlers.onDrop?.();
      });
      if (participant.role === 'visitor') {
        socket.once('welcome', (w: { lastSeq: number }) => {
          clearTimeout(timer);
          resolve(connection(w.lastSeq));
        });
      } else {
        socket.once('connect', () => {
          socket.emit(
            'join',
            {
              conversationId: participant.conversationId,
              ...(opts.lastSeq === undefined ? {} : { lastSeq: opts.lastSeq }),
            },
            (reply: Reply) => {
              clearTimeout(timer);
              if (reply.error || typeof reply.lastSeq !== 'number') fail(reply.error?.code ?? 'join failed');
              else resolve(connection(reply.lastSeq));
            },
          );
        });
      }
    });
  }
}
