// `node bench/probes/frames-floor.ts`: what the message path's WebSocket frames alone cost each
// runtime, with no database, no storage and no Parley code. The same load as S1's sockets — N
// conversations of one visitor and two agents, each visitor sending at a fixed rate — against:
//  - workerd (wrangler's Miniflare, the Worker on its own socket as in the bench): a Durable
//    Object per conversation with the WebSocket Hibernation API that, per frame in, parses it,
//    sends the ack and the message to all three sockets, and records the seq in each socket's
//    attachment, which is what a ConversationRoom does around its commit;
//  - Node with `ws`: one process doing the same with a Map of rooms.
// Prints each runtime's CPU per message (the process's utime + stime over the sending window,
// from /proc) and the p50/p99 send → ack. Linux only. Environment: PROBE_ROOMS (200), PROBE_RATE
// (msg/s in all, 500), PROBE_SECONDS (15). docs/BENCHMARKS.md ("The frames alone") has a run.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { childPids, processName, sampleProcess } from '../lib/sample.ts';
import { percentile } from '../lib/stats.ts';

const require = createRequire(import.meta.url);
const requireFromWrangler = createRequire(require.resolve('wrangler'));
const { Miniflare, convertV4MiniflareOptions } = requireFromWrangler('miniflare') as {
  Miniflare: new (opts: unknown) => { ready: Promise<URL>; dispose(): Promise<void> };
  convertV4MiniflareOptions(opts: Record<string, unknown>): unknown;
};
const { WebSocket } = require('ws') as typeof import('ws');

const ROOMS = Number(process.env.PROBE_ROOMS ?? 200);
const RATE = Number(process.env.PROBE_RATE ?? 500);
const SECONDS = Number(process.env.PROBE_SECONDS ?? 15);

/** The frames, shaped and sized like Parley's (contract/frames.ts). */
const FRAMES = `
const ack = (clientId, seq) => JSON.stringify({ type: 'ack', clientId, seq, id: crypto.randomUUID(), createdAt: new Date().toISOString() });
const message = (f, seq) => JSON.stringify({ type: 'message', message: { id: crypto.randomUUID(), seq, clientId: f.clientId,
  author: { kind: 'visitor', id: f.from, name: 'Visitor 1a2b' }, body: f.body, private: false, attachment: null,
  createdAt: new Date().toISOString(), deletedAt: null } });
`;

const WORKER = (echo: string) => `${FRAMES}
export class Room {
  constructor(ctx) { this.ctx = ctx; this.seq = 0; this.pending = []; this.upstream = null; }
  async connect() {
    const res = await fetch('http://${echo}/', { headers: { Upgrade: 'websocket' } });
    const ws = res.webSocket;
    ws.accept();
    ws.addEventListener('message', () => { const [s, f] = this.pending.shift(); this.deliver(s, f); });
    return ws;
  }
  async fetch(request) {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].serializeAttachment({ delivered: this.seq });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
  async webSocketMessage(ws, data) {
    const f = JSON.parse(data);
    if (${JSON.stringify(echo)} === '') return this.deliver(ws, f);
    this.upstream ??= this.connect();
    const up = await this.upstream;
    this.pending.push([ws, f]);
    up.send(JSON.stringify({ q: 'insert', body: f.body, clientId: f.clientId, params: [f.from, f.clientId] }));
  }
  deliver(ws, f) {
    const seq = ++this.seq;
    ws.send(ack(f.clientId, seq));
    const frame = message(f, seq);
    for (const s of this.ctx.getWebSockets()) {
      s.send(frame);
      s.serializeAttachment({ delivered: seq });
    }
  }
  webSocketClose(ws, code) { ws.close(code, ''); }
}
export default {
  fetch(request, env) {
    const id = new URL(request.url).pathname.slice(1);
    return env.ROOM.get(env.ROOM.idFromName(id)).fetch(request);
  },
};`;

const NODE = `${FRAMES}
const { WebSocket, WebSocketServer } = require('ws');
const echo = process.argv[2] ?? '';
const rooms = new Map();
const wss = new WebSocketServer({ port: Number(process.argv[1]), host: '127.0.0.1' });
wss.on('connection', (ws, req) => {
  const id = req.url.slice(1);
  let room = rooms.get(id);
  if (!room) rooms.set(id, (room = { seq: 0, sockets: new Set(), pending: [], upstream: null }));
  room.sockets.add(ws);
  const deliver = (ws, f) => {
    const seq = ++room.seq;
    ws.send(ack(f.clientId, seq));
    const frame = message(f, seq);
    for (const s of room.sockets) s.send(frame);
  };
  ws.on('message', (data) => {
    const f = JSON.parse(data);
    if (!echo) return deliver(ws, f);
    if (!room.upstream) {
      room.upstream = new WebSocket('ws://' + echo + '/');
      room.upstream.on('message', () => { const [s, g] = room.pending.shift(); deliver(s, g); });
      room.queued = [];
      room.upstream.once('open', () => { for (const q of room.queued) room.upstream.send(q); room.queued = null; });
    }
    room.pending.push([ws, f]);
    const q = JSON.stringify({ q: 'insert', body: f.body, clientId: f.clientId, params: [f.from, f.clientId] });
    if (room.queued) room.queued.push(q); else room.upstream.send(q);
  });
  ws.on('close', () => room.sockets.delete(ws));
});
wss.on('listening', () => console.log('listening'));`;

interface Result {
  cpuSeconds: number;
  acked: number;
  delivered: number;
  ackMs: number[];
}

async function drive(port: number, pid: number): Promise<Result> {
  const open = (path: string) =>
    new Promise<InstanceType<typeof WebSocket>>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/${path}`);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  const rooms: { visitor: InstanceType<typeof WebSocket>; sent: Map<string, number> }[] = [];
  const result: Result = { cpuSeconds: 0, acked: 0, delivered: 0, ackMs: [] };
  for (let r = 0; r < ROOMS; r++) {
    const sockets = [await open(`c${r}`), await open(`c${r}`), await open(`c${r}`)];
    const sent = new Map<string, number>();
    for (const ws of sockets) {
      ws.on('message', (data: Buffer) => {
        const f = JSON.parse(data.toString()) as { type: string; clientId?: string };
        if (f.type === 'message') result.delivered++;
        else if (f.type === 'ack' && f.clientId) {
          const at = sent.get(f.clientId);
          if (at !== undefined) {
            result.acked++;
            result.ackMs.push(performance.now() - at);
            sent.delete(f.clientId);
          }
        }
      });
    }
    rooms.push({ visitor: sockets[0] as InstanceType<typeof WebSocket>, sent });
  }
  await sleep(1000);
  const before = sampleProcess(pid)?.cpuSeconds ?? 0;
  const total = RATE * SECONDS;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const room = rooms[i % ROOMS];
    if (!room) continue;
    const clientId = `m${i}`;
    room.sent.set(clientId, performance.now());
    room.visitor.send(
      JSON.stringify({
        type: 'send',
        clientId,
        from: '5d0b6c1e-0000-4000-8000-000000000000',
        body: 'Hello, do you ship tents to Canada? I need one by Friday.',
      }),
    );
  }
  const deadline = performance.now() + 10_000;
  while (result.acked < total && performance.now() < deadline) await sleep(50);
  result.cpuSeconds = (sampleProcess(pid)?.cpuSeconds ?? 0) - before;
  for (const room of rooms) room.visitor.close();
  return result;
}

function report(name: string, r: Result) {
  const ack = Float64Array.from(r.ackMs).sort();
  const sentAll = RATE * SECONDS;
  console.log(
    `${name}: ${r.acked}/${sentAll} acked, ${r.delivered}/${sentAll * 3} delivered; CPU ${r.cpuSeconds.toFixed(2)} s = ` +
      `${((r.cpuSeconds * 1000) / r.acked).toFixed(3)} ms per message; send → ack p50 ${percentile(ack, 0.5).toFixed(1)} ms, ` +
      `p99 ${percentile(ack, 0.99).toFixed(1)} ms`,
  );
}

/** The database stand-in: a Node `ws` server in its own process that answers every frame. */
const ECHO = `const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ port: Number(process.argv[1]), host: '127.0.0.1' });
wss.on('connection', (ws) => ws.on('message', (d) => ws.send(d)));
wss.on('listening', () => console.log('listening'));`;

async function start(code: string, args: string[]) {
  const child = spawn(process.execPath, ['-e', code, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return child;
}

const echoPort = 18963;
const echo = await start(ECHO, [String(echoPort)]);
for (const upstream of ['', `127.0.0.1:${echoPort}`]) {
  const what = upstream ? ', one WebSocket round trip to a stand-in database per message' : ', frames only';
  const workerdPort = 18961;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name: 'probe',
      host: '127.0.0.1',
      modules: true,
      script: WORKER(upstream),
      compatibilityDate: '2025-04-01',
      durableObjects: { ROOM: 'Room' },
      port: 0,
      unsafeDirectSockets: [{ host: '127.0.0.1', port: workerdPort }],
    }),
  );
  await mf.ready;
  const workerd = childPids(process.pid).find((pid) => processName(pid) === 'workerd') ?? 0;
  if (!workerd) throw new Error('no workerd child found');
  report(`workerd (hibernating Durable Objects)${what}`, await drive(workerdPort, workerd));
  await mf.dispose();

  const nodePort = 18962;
  const node = await start(NODE, [String(nodePort), upstream]);
  report(`Node ws (one process)${what}`, await drive(nodePort, node.pid ?? 0));
  node.kill();
}
echo.kill();
console.log(`(${ROOMS} conversations × 3 sockets, ${RATE} msg/s for ${SECONDS} s; load generator in this process)`);
