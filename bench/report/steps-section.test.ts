import { describe, expect, it } from 'vitest';
import type { S1StepResult } from '../scenarios/s1-step-load.ts';
import { ceilingNotes, kneeRow, stepCost, stepsSection } from './steps-section.ts';

const result = (knee: number, rates: number[]): S1StepResult => ({
  params: {
    conversations: 200,
    agentsPerConversation: 2,
    connectConcurrency: 50,
    rates,
    stepSeconds: 8,
    settleSeconds: 4,
    p99LimitMs: 250,
  },
  sustainablePerSecond: knee,
  steps: rates.map((rate) => ({
    offeredPerSecond: rate,
    sent: rate * 8,
    acked: rate * 8,
    ackedPerSecond: rate,
    missing: 0,
    deliver: { count: 1, p50: 5, p95: 9, p99: rate > knee ? 900 : 40, max: 1000, mean: 6 },
    verdict: rate > knee ? { sustained: false, reason: 'p99 900 ms > 250 ms' } : { sustained: true },
    usage: {
      wallSeconds: 8,
      client: 1,
      runtime: 1,
      support: 0,
      postgres: 1,
      redis: 0,
      machineBusy: rate > knee ? 0.97 : 0.6,
    },
  })),
  check: {
    sent: 0,
    acked: 0,
    expected: 0,
    delivered: 0,
    missing: 0,
    duplicates: 0,
    orderViolations: 0,
    seqMismatches: 0,
    seqGaps: 0,
    duplicateAcks: 0,
    errors: {},
  },
  connectSeconds: 1,
});

describe('the knee row', () => {
  it('has exactly the form runs are compared by', () => {
    const r = {
      s1Steps: {
        parley: { ok: true as const, result: result(1500, [100, 1500, 2000]) },
        baseline: { ok: true as const, result: result(750, [100, 750, 1000]) },
      },
    };
    expect(kneeRow(r)).toBe('| S1 sustainable msg/s at p99 ≤ 250 ms | 1,500 | 750 |');
  });

  it('shows a dash for a target that was not run', () => {
    expect(kneeRow({ s1Steps: { parley: { ok: false, error: 'skipped' } } })).toBe(
      '| S1 sustainable msg/s at p99 ≤ 250 ms | — | — |',
    );
  });
});

describe('the steps section', () => {
  it('lists every step of both targets and why the last one failed', () => {
    const md = stepsSection({
      s1Steps: {
        parley: { ok: true, result: result(500, [100, 500, 750]) },
        baseline: { ok: true, result: result(1000, [100, 500, 750, 1000, 1250]) },
      },
    } as Parameters<typeof stepsSection>[0]);
    expect(md).toContain('| S1 sustainable msg/s at p99 ≤ 250 ms | 500 | 1,000 |');
    expect(md).toContain(
      '| 750 | 750 acked/s, p99 900.0 ms, **not sustained**: p99 900 ms > 250 ms · CPUs 97% busy, 0.33 ms CPU per message | 750 acked/s, p99 40.0 ms, sustained · CPUs 60% busy, 0.33 ms CPU per message |',
    );
    expect(md).toContain('| 1,250 | not run |');
    expect(md).toContain('0.50×');
  });
});

describe("a step's cost", () => {
  it("counts the target's processes, not the load generator, per acked message", () => {
    const [step] = result(500, [500]).steps;
    if (!step) throw new Error('no step');
    // 4,000 acked; runtime 1 s + Postgres 1 s + support 0.5 s + Redis 0.5 s = 3 s; the client's 1 s is left out.
    const cost = stepCost({ ...step, usage: { ...step.usage, support: 0.5, redis: 0.5 } });
    expect(cost).toBe('CPUs 60% busy, 0.75 ms CPU per message');
  });

  it('leaves out what an older result did not record, and a step with nothing acked', () => {
    const [step] = result(500, [500]).steps;
    if (!step) throw new Error('no step');
    const older = { ...step, usage: { ...step.usage, machineBusy: undefined } };
    expect(stepCost(older)).toBe('0.50 ms CPU per message');
    expect(stepCost({ ...older, acked: 0 })).toBe('');
  });
});

describe('a target that sustained every step', () => {
  it('is called a lower bound, and the ratio bounded the right way', () => {
    const baselineAtTop = {
      s1Steps: {
        parley: { ok: true as const, result: result(750, [100, 750, 1000, 2000]) },
        baseline: { ok: true as const, result: result(2000, [100, 750, 1000, 2000]) },
      },
    };
    expect(ceilingNotes(baselineAtTop)).toEqual([
      '- The baseline sustained every step, up to the highest offered (2,000 msg/s): its knee is at least that, and the ratio above is at most what it shows.',
    ]);
    expect(stepsSection(baselineAtTop as Parameters<typeof stepsSection>[0])).toContain(
      'The baseline sustained every step',
    );
    const parleyAtTop = {
      s1Steps: {
        parley: { ok: true as const, result: result(2000, [100, 2000]) },
        baseline: { ok: true as const, result: result(100, [100, 2000]) },
      },
    };
    expect(ceilingNotes(parleyAtTop)).toEqual([
      '- Parley sustained every step, up to the highest offered (2,000 msg/s): its knee is at least that, and the ratio above is at least what it shows.',
    ]);
  });

  it('says nothing when both stopped below the highest step', () => {
    const r = {
      s1Steps: {
        parley: { ok: true as const, result: result(500, [100, 500, 750]) },
        baseline: { ok: true as const, result: result(500, [100, 500, 750]) },
      },
    };
    expect(ceilingNotes(r)).toEqual([]);
    expect(stepsSection(r as Parameters<typeof stepsSection>[0])).not.toContain('sustained every step');
  });
});
