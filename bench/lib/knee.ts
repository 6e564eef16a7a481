// The step-load verdicts: whether one step of offered load was sustained (everything sent acked
// and delivered, nothing broken, p99 send → deliver within the limit), and the knee — the highest
// offered rate sustained before the first step that was not.

export interface StepOutcome {
  offeredPerSecond: number;
  sent: number;
  acked: number;
  /** Deliveries owed but not arrived when the step's settle time ran out. */
  missing: number;
  /** Duplicates, order violations, seq mismatches and seq gaps the step added. */
  faults: number;
  /** Sends refused and not retried (error acks other than slow_down / rate_limited). */
  refused: number;
  deliverP99Ms: number;
}

export type StepVerdict = { sustained: true } | { sustained: false; reason: string };

export function judgeStep(s: StepOutcome, p99LimitMs: number): StepVerdict {
  if (s.acked < s.sent) return { sustained: false, reason: `${s.sent - s.acked} of ${s.sent} sends not acked` };
  if (s.refused > 0) return { sustained: false, reason: `${s.refused} sends refused` };
  if (s.missing > 0) return { sustained: false, reason: `${s.missing} deliveries missing` };
  if (s.faults > 0) return { sustained: false, reason: `${s.faults} duplicates, order or seq faults` };
  if (!(s.deliverP99Ms <= p99LimitMs)) {
    return { sustained: false, reason: `p99 ${Math.round(s.deliverP99Ms)} ms > ${p99LimitMs} ms` };
  }
  return { sustained: true };
}

/** The highest offered rate of the steps before the first unsustained one; 0 when the first failed. */
export function kneeRate(steps: readonly { offeredPerSecond: number; verdict: StepVerdict }[]): number {
  let knee = 0;
  for (const step of steps) {
    if (!step.verdict.sustained) break;
    knee = Math.max(knee, step.offeredPerSecond);
  }
  return knee;
}
