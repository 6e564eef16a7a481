// S1 in steps: S1's conversations and sockets, the offered rate raised step by step (e.g. 100 →
// 2,000 msg/s); each step sends for a few seconds, then waits for its acks and deliveries. The
// knee is the highest rate sustained with p99 send → deliver within the limit and nothing lost;
// a target stops at its first step that was not sustained (the load past it says nothing more).
import { randomBytes } from 'node:crypto';
import type { DeliveryCheck } from '../lib/delivery.ts';
import { judgeStep, kneeRate, type StepVerdict } from '../lib/knee.ts';
import { waitFor } from '../lib/limit.ts';
import { refusals } from '../lib/refusals.ts';
import { type LatencySummary, summarize } from '../lib/stats.ts';
import { type CpuUsage, startUsage } from '../lib/usage.ts';
import type { TargetHandle } from '../target.ts';
import { connectS1, type S1Params, sendOnSchedule } from './s1-support-load.ts';

export interface S1StepParams extends Pick<S1Params, 'conversations' | 'agentsPerConversation' | 'connectConcurrency'> {
  /** Offered msg/s of each step, ascending (spread evenly over the visitors). */
  rates: number[];
  stepSeconds: number;
  /** After a step's last send: how long its acks and deliveries may take before the step fails. */
  settleSeconds: number;
  p99LimitMs: number;
}

export interface S1Step {
  offeredPerSecond: number;
  sent: number;
  acked: number;
  /** Acked per second over the step (first send → last ack). */
  ackedPerSecond: number;
  missing: number;
  deliver: LatencySummary;
  verdict: StepVerdict;
  /** Over the step, sends and settling; `usage.machineBusy` is the whole machine's share. */
  usage: CpuUsage;
}

export interface S1StepResult {
  params: S1StepParams;
  /** The knee: highest offered msg/s sustained (0 when none was). */
  sustainablePerSecond: number;
  steps: S1Step[];
  /** The whole run's delivery check (every step), after a final drain. */
  check: DeliveryCheck;
  connectSeconds: number;
}

const faultsOf = (c: DeliveryCheck) => c.duplicates + c.orderViolations + c.seqMismatches + c.seqGaps;

export async function runS1Steps(target: TargetHandle, params: S1StepParams): Promise<S1StepResult> {
  const { recorder, senders, connections, connectSeconds } = await connectS1(target, params);
  const runTag = randomBytes(3).toString('hex');
  const steps: S1Step[] = [];
  try {
    // Warm-up, not measured and the same for every target: one message from each visitor (~100
    // msg/s), acked and delivered before the first step. It is the cold start of 200 conversations
    // at once (Parley's rooms wake and open their Postgres connections, the runtimes compile the
    // path), not a rate: from cold, Parley's first 100 msg/s step read p99 250–261 ms in two of
    // six runs and ended the knee at 0.
    await sendOnSchedule(senders, `${runTag}w`, 2000, 1);
    await waitFor(() => recorder.ackedCount >= senders.size, (2 + params.settleSeconds) * 1000);
    await waitFor(() => recorder.check().missing === 0, params.settleSeconds * 1000, 200);
    for (const [i, rate] of params.rates.entries()) {
      const before = recorder.check();
      const latencyFrom = recorder.deliverLatency.length;
      const stepFirstSend = performance.now();
      const perVisitor = Math.max(1, Math.round((rate * params.stepSeconds) / senders.size));
      const stopUsage = startUsage(target);
      await sendOnSchedule(senders, `${runTag}s${i}`, (1000 * params.stepSeconds) / perVisitor, perVisitor);
      const sent = senders.size * perVisitor;
      await waitFor(() => recorder.ackedCount - before.acked >= sent, params.settleSeconds * 1000);
      const settleEnd = stepFirstSend + (params.stepSeconds + params.settleSeconds) * 1000;
      await waitFor(() => recorder.check().missing === 0, Math.max(500, settleEnd - performance.now()), 200);
      const usage = stopUsage();
      const after = recorder.check();
      const acked = after.acked - before.acked;
      const deliver = summarize(recorder.deliverLatency.slice(latencyFrom));
      const verdict = judgeStep(
        {
          offeredPerSecond: rate,
          sent,
          acked,
          missing: after.missing,
          faults: faultsOf(after) - faultsOf(before),
          refused: refusals(after).refused - refusals(before).refused,
          deliverP99Ms: deliver.p99,
        },
        params.p99LimitMs,
      );
      const span = (recorder.lastAckAt - stepFirstSend) / 1000;
      steps.push({
        offeredPerSecond: rate,
        sent,
        acked,
        ackedPerSecond: span > 0 ? acked / span : Number.NaN,
        missing: after.missing,
        deliver,
        verdict,
        usage,
      });
      if (!verdict.sustained) break;
    }
    // A failed step may still be delivering: give it a moment before the loss check of the run.
    await waitFor(() => recorder.check().missing === 0, params.settleSeconds * 1000, 200);
  } finally {
    for (const c of connections) c.close();
  }
  return { params, sustainablePerSecond: kneeRate(steps), steps, check: recorder.check(), connectSeconds };
}
