// Local stand-in for Neon's WebSocket proxy: carries the Postgres wire protocol from the Neon
// driver (Worker, Durable Objects) over a WebSocket to a TCP Postgres, as Neon does in production.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { WebSocketServer as WebSocketServerType } from 'ws';

// Loaded through require so Vite-based tooling (vitest's globalSetup) gets the Node build of ws.
const require = createRequire(import.meta.url);
const { WebSocketServer } = require('ws') as { WebSocketServer: typeof WebSocketServerType };

export interface PgWsProxy {
  /** host:port, the form `neonConfig.wsProxy` expects (no scheme). */
  hostPort: string;
  close(): Promise<void>;
}

export interface PgWsProxyOptions {
  port?: number;
  /** `host:port` targets the proxy may open; anything else is refused (no open relay). */
  allowedTargets: string[];
  /**
   * Where an allowed target's connections really go, when elsewhere: `{ 'db:5432': '127.0.0.1:6432' }`
   * carries them to a pooler in front of that server, the Worker's DATABASE_URL unchanged.
   */
  routes?: Record<string, string>;
}

export async function startPgWsProxy(opts: PgWsProxyOptions): Promise<PgWsProxy> {
  const allowed = new Set(opts.allowedTargets);
  const server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required\n');
  });
  const wss = new WebSocketServer({ server });

  wss.on('connection', (ws, req) => {
    const asked = new URL(req.url ?? '/', 'http://proxy').searchParams.get('address') ?? '';
    if (!allowed.has(asked)) {
      ws.close(1008, 'target not allowed');
      return;
    }
    const address = opts.routes?.[asked] ?? asked;
    const sep = address.lastIndexOf(':');
    const host = address.slice(0, sep);
    const port = Number(address.slice(sep + 1));
    if (sep < 1 || !Number.isInteger(port)) {
      ws.close(1008, 'target not allowed');
      return;
    }
    const tcp = connect({ host, port });
    tcp.setNoDelay(true);
    const pending: Buffer[] = [];
    let open = false;
    tcp.on('connect', () => {
      open = true;
      for (const chunk of pending) tcp.write(chunk);
      pending.length = 0;
    });
    tcp.on('data', (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data);
    });
    tcp.on('close', () => ws.close());
    tcp.on('error', () => ws.close(1011, 'upstream error'));
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (open) tcp.write(chunk);
      else pending.push(chunk);
    });
    ws.on('close', () => tcp.destroy());
    ws.on('error', () => tcp.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    hostPort: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
