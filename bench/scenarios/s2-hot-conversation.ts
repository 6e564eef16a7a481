// S2 hot conversation: one sender and many receivers in one conversation; the sender keeps a
// fixed window of unacknowledged messages in flight ("as fast as acks allow") until it has sent
// them all. Measures sustained messages/s, deliveries/s and latency, and checks delivery.
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Connection } from '../drivers/types.ts';
import { type DeliveryCheck, DeliveryRecorder } from '../lib/delivery.ts';
import { mapLimit, waitFor } from '../lib/limit.ts';
import { messageBody, Sender } from '../lib/sender.ts';
import { type LatencySummary, summarize } from '../lib/stats.ts';
import { type CpuUsage, startUsage } from '../lib/usage.ts';
import type { TargetHandle } from '../target.ts';

export interface S2Params {
  receivers: number;
  messages: number;
  /** Unacknowledged messages the sender keeps in flight. */
  window: number;
  /** Stop after this long even if not all are sent (the rate is established by then). */
  timeoutSeconds: number;
}

export interface S2Result {
  params: S2Params;
  /** e.g. "group commit on". */
  variant: string;
  /** All messages sent within the time limit. */
  completed: boolean;
  /** First send → last ack. */
  seconds: number;
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  deliver: LatencySummary;
  ack: LatencySummary;
  check: DeliveryCheck;
  retries: number;
  usage: CpuUsage;
  clientLoopDelayP99Ms: number;
  samples: number[];
}

export async function runS2(target: TargetHandle, params: S2Params, variant: string): Promise<S2Result> {
  const [conversation] = await target.provisioner.conversations(1, params.receivers);
  if (!conversation) throw new Error('S2: no conversation provisioned');
  const recorder = new DeliveryRecorder();
  const tag = randomBytes(3).toString('hex');
  const receivers = await mapLimit(conversation.agents, 25, async (agent, i) => {
    const key = `r${i}`;
    recorder.addReceiver(key, conversation.conversationId);
    return target.driver.connect(agent, { onMessage: (d, at) => recorder.delivered(key, d, at) });
  });
  recorder.addReceiver('sender', conversation.conversationId);
  let sender: Sender | null = null;
  let pump: () => void = () => undefined;
  const connection: Connection = await target.driver.connect(conversation.visitor, {
    onMessage: (d, at) => recorder.delivered('sender', d, at),
    onAck: (a, at) => {
      recorder.ack(a, at);
      sender?.acked(a.clientId);
      pump();
    },
    onError: (e) => sender?.failed(e),
  });
  sender = new Sender(connection, recorder, 'sender');

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const stopUsage = startUsage(target);
  const start = performance.now();
  let next = 0;
  pump = () => {
    while (sender && next < params.messages && sender.inFlight < params.window) {
      const clientId = `${tag}-${next++}`;
      sender.send(clientId, messageBody(clientId));
    }
  };
  pump();
  const finished = await waitFor(() => recorder.ackedCount >= params.messages, params.timeoutSeconds * 1000, 5);
  // Past the time limit: stop sending and let what is in flight land.
  if (!finished) next = params.messages;
  const owed = () => recorder.ackedCount * params.receivers;
  await waitFor(() => recorder.deliverLatency.length >= owed(), 10_000, 5);
  const seconds = (recorder.lastAckAt - start) / 1000;
  const usage = stopUsage();
  loop.disable();
  const check = recorder.check();
  connection.close();
  for (const r of receivers) r.close();
  return {
    params,
    variant,
    seconds,
    completed: finished,
    messagesPerSecond: check.acked / seconds,
    deliveriesPerSecond: check.delivered / seconds,
    deliver: summarize(recorder.deliverLatency),
    ack: summarize(recorder.ackLatency),
    check,
    retries: sender.retries,
    usage,
    clientLoopDelayP99Ms: loop.percentile(99) / 1e6,
    samples: recorder.deliverLatency,
  };
}
