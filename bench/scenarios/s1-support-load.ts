// S1 support load: many conversations, each a visitor and its agents; every visitor sends at a
// steady rate. Measures send → deliver latency at every receiver and checks delivery.
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Connection } from '../drivers/types.ts';
import { type DbPerMessage, perMessage, settledCounters } from '../lib/db-counters.ts';
import { type DeliveryCheck, DeliveryRecorder } from '../lib/delivery.ts';
import { mapLimit, sleep, waitFor } from '../lib/limit.ts';
import { messageBody, Sender } from '../lib/sender.ts';
import { type LatencySummary, summarize } from '../lib/stats.ts';
import { type CpuUsage, startUsage } from '../lib/usage.ts';
import type { TargetHandle } from '../target.ts';

export interface S1Params {
  conversations: number;
  agentsPerConversation: number;
  messagesPerSecond: number;
  durationSeconds: number;
  /** How long to wait for the last deliveries after the last send. */
  drainSeconds: number;
  connectConcurrency: number;
}

export interface S1Result {
  params: S1Params;
  sockets: number;
  connectSeconds: number;
  offeredPerSecond: number;
  /** Acknowledged messages per second, first send → last ack (below the offer = saturated). */
  ackedPerSecond: number;
  deliver: LatencySummary;
  ack: LatencySummary;
  check: DeliveryCheck;
  retries: number;
  usage: CpuUsage;
  /** Event-loop delay of the load generator (its own lag inflates measured latency). */
  clientLoopDelayP99Ms: number;
  /** Postgres statements, transactions and rows per acked message, relay and consumer included. */
  db?: DbPerMessage;
  /** Raw latencies for the chart (not written to the JSON). */
  samples: number[];
}

/** Called around the timed window only (e.g. to take a CPU profile of the steady state). */
export interface WindowHooks {
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** S1's sockets, open: agents first, then the visitors, each visitor with its Sender. */
export interface S1Sockets {
  recorder: DeliveryRecorder;
  senders: Map<string, Sender>;
  connections: Connection[];
  connectSeconds: number;
}

/** Provisions S1's conversations and connects every participant (the step-load mode reuses them). */
export async function connectS1(
  target: TargetHandle,
  params: Pick<S1Params, 'conversations' | 'agentsPerConversation' | 'connectConcurrency'>,
): Promise<S1Sockets> {
  const conversations = await target.provisioner.conversations(params.conversations, params.agentsPerConversation);
  const recorder = new DeliveryRecorder();
  const senders = new Map<string, Sender>();
  const connections: Connection[] = [];

  const connectStart = performance.now();
  // Agents first, so that they are in the room before the visitor speaks.
  const agentSlots = conversations.flatMap((c, ci) => c.agents.map((a, ai) => ({ p: a, key: `c${ci}a${ai}` })));
  const visitorSlots = conversations.map((c, ci) => ({ p: c.visitor, key: `c${ci}v` }));
  for (const slots of [agentSlots, visitorSlots]) {
    const opened = await mapLimit(slots, params.connectConcurrency, async ({ p, key }) => {
      recorder.addReceiver(key, p.conversationId);
      const conn = await target.driver.connect(p, {
        onMessage: (d, at) => recorder.delivered(key, d, at),
        onAck: (a, at) => {
          recorder.ack(a, at);
          senders.get(key)?.acked(a.clientId);
        },
        onError: (e) => {
          const s = senders.get(key);
          if (s) s.failed(e);
          else recorder.error(e.code);
        },
        onDrop: () => recorder.error('socket_dropped'),
      });
      if (p.role === 'visitor') senders.set(key, new Sender(conn, recorder, key));
      return conn;
    });
    connections.push(...opened);
  }
  return { recorder, senders, connections, connectSeconds: (performance.now() - connectStart) / 1000 };
}

/**
 * Every visitor sends `perVisitor` messages, one every `intervalMs`, from a random phase on a fixed
 * schedule (no drift from timer lateness). Resolves when the last one is sent.
 */
export async function sendOnSchedule(
  senders: ReadonlyMap<string, Sender>,
  tag: string,
  intervalMs: number,
  perVisitor: number,
): Promise<void> {
  const start = performance.now() + 50;
  const sending = [...senders.values()].map(async (sender, vi) => {
    const phase = Math.random() * intervalMs;
    for (let k = 0; k < perVisitor; k++) {
      const due = start + phase + k * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const clientId = `${tag}-${vi}-${k}`;
      sender.send(clientId, messageBody(clientId));
    }
  });
  await Promise.all(sending);
}

export async function runS1(target: TargetHandle, params: S1Params, hooks: WindowHooks = {}): Promise<S1Result> {
  const { recorder, senders, connections, connectSeconds } = await connectS1(target, params);
  const runTag = randomBytes(3).toString('hex');

  const db0 = await target.dbCounters?.();
  await hooks.start?.();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const stopUsage = startUsage(target);
  const perVisitor = Math.round(params.messagesPerSecond * params.durationSeconds);
  await sendOnSchedule(senders, runTag, 1000 / params.messagesPerSecond, perVisitor);
  const expectedAcks = senders.size * perVisitor;
  // One drain budget for acks and the deliveries that trail them.
  const drainEnd = performance.now() + params.drainSeconds * 1000;
  await waitFor(() => recorder.ackedCount >= expectedAcks, params.drainSeconds * 1000);
  await waitFor(() => recorder.check().missing === 0, Math.max(0, drainEnd - performance.now()), 100);
  const usage = stopUsage();
  loop.disable();
  await hooks.stop?.();
  // The relay and the consumer finish S1's events after the last delivery: count them in.
  const db1 = target.dbCounters && db0 ? await settledCounters(target.dbCounters) : undefined;
  for (const c of connections) c.close();

  return {
    params,
    sockets: connections.length,
    connectSeconds,
    offeredPerSecond: senders.size * params.messagesPerSecond,
    ackedPerSecond: recorder.ackedPerSecond,
    deliver: summarize(recorder.deliverLatency),
    ack: summarize(recorder.ackLatency),
    check: recorder.check(),
    retries: [...senders.values()].reduce((n, s) => n + s.retries, 0),
    usage,
    clientLoopDelayP99Ms: loop.percentile(99) / 1e6,
    ...(db0 && db1 ? { db: perMessage(db0, db1, recorder.ackedCount) } : {}),
    samples: recorder.deliverLatency,
  };
}
