// S4 events: a burst of messages in several conversations, then how fast their outbox rows are
// published (relay) and consumed (idempotent consumer), from the target's own tables.
import { randomBytes } from 'node:crypto';
import { DeliveryRecorder } from '../lib/delivery.ts';
import { mapLimit } from '../lib/limit.ts';
import { messageBody, Sender } from '../lib/sender.ts';
import { type LatencySummary, summarize } from '../lib/stats.ts';
import type { TargetHandle } from '../target.ts';

export interface S4Params {
  conversations: number;
  messagesPerConversation: number;
  window: number;
  timeoutSeconds: number;
}

export type S4Result =
  | { params: S4Params; available: false; reason: string }
  | {
      params: S4Params;
      available: true;
      rows: number;
      published: number;
      consumed: number;
      /** Rows / (last published − first committed), and likewise for consumption. */
      publishedPerSecond: number;
      consumedPerSecond: number;
      publishLag: LatencySummary;
      consumeLag: LatencySummary;
      sendSeconds: number;
    };

export async function runS4(target: TargetHandle, params: S4Params): Promise<S4Result> {
  const reason = await target.outbox.unavailable();
  if (reason) return { params, available: false, reason };
  await target.outbox.prepare?.();
  try {
    return await measure(target, params);
  } finally {
    await target.outbox.finish?.();
  }
}

async function measure(target: TargetHandle, params: S4Params): Promise<S4Result> {
  const conversations = await target.provisioner.conversations(params.conversations, 0);
  const recorder = new DeliveryRecorder();
  const since = new Date(Date.now() - 1000).toISOString();
  const tag = randomBytes(3).toString('hex');
  const start = performance.now();
  await mapLimit(conversations, conversations.length, async (c, ci) => {
    const key = `v${ci}`;
    let sender: Sender | null = null;
    let next = 0;
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const pump = () => {
      while (sender && next < params.messagesPerConversation && sender.inFlight < params.window) {
        const clientId = `${tag}-${ci}-${next++}`;
        sender.send(clientId, messageBody(clientId));
      }
      if (sender && next >= params.messagesPerConversation && sender.inFlight === 0) finished();
    };
    const conn = await target.driver.connect(c.visitor, {
      onAck: (a, at) => {
        recorder.ack(a, at);
        sender?.acked(a.clientId);
        pump();
      },
      onError: (e) => sender?.failed(e),
    });
    sender = new Sender(conn, recorder, key);
    pump();
    await Promise.race([done, new Promise((r) => setTimeout(r, params.timeoutSeconds * 1000))]);
    conn.close();
  });
  const sendSeconds = (performance.now() - start) / 1000;
  const rows = recorder.ackedCount;
  let counts = await target.outbox.counts(since);
  const deadline = performance.now() + params.timeoutSeconds * 1000;
  while (performance.now() < deadline && (counts.published < counts.total || counts.consumed < counts.total)) {
    await new Promise((r) => setTimeout(r, 250));
    counts = await target.outbox.counts(since);
  }
  const lags = await target.outbox.lags(since);
  const span = (end: number) => (end > lags.firstCreated ? (end - lags.firstCreated) / 1000 : Number.NaN);
  return {
    params,
    available: true,
    rows,
    published: counts.published,
    consumed: counts.consumed,
    publishedPerSecond: lags.published.length / span(lags.lastPublished),
    consumedPerSecond: lags.consumed.length / span(lags.lastConsumed),
    publishLag: summarize(lags.published),
    consumeLag: summarize(lags.consumed),
    sendSeconds,
  };
}
