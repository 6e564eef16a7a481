import { describe, expect, it } from 'vitest';
import { judgeStep, kneeRate, type StepOutcome } from './knee.ts';

const clean: StepOutcome = {
  offeredPerSecond: 500,
  sent: 4000,
  acked: 4000,
  missing: 0,
  faults: 0,
  refused: 0,
  deliverP99Ms: 120,
};

describe('judgeStep', () => {
  it('sustains a step with everything delivered and p99 within the limit', () => {
    expect(judgeStep(clean, 250)).toEqual({ sustained: true });
  });

  it('fails a step on latency, loss, refusals or a broken order, naming why', () => {
    expect(judgeStep({ ...clean, deliverP99Ms: 251 }, 250)).toEqual({
      sustained: false,
      reason: 'p99 251 ms > 250 ms',
    });
    expect(judgeStep({ ...clean, acked: 3990 }, 250)).toMatchObject({
      sustained: false,
      reason: '10 of 4000 sends not acked',
    });
    expect(judgeStep({ ...clean, missing: 3 }, 250)).toMatchObject({ sustained: false });
    expect(judgeStep({ ...clean, refused: 1 }, 250)).toMatchObject({ sustained: false });
    expect(judgeStep({ ...clean, faults: 1 }, 250)).toMatchObject({ sustained: false });
    expect(judgeStep({ ...clean, deliverP99Ms: Number.NaN }, 250)).toMatchObject({ sustained: false });
  });
});

describe('kneeRate', () => {
  const ok = { sustained: true } as const;
  const bad = { sustained: false, reason: 'x' } as const;
  it('is the last sustained rate before the first failure, not a later lucky step', () => {
    expect(
      kneeRate([
        { offeredPerSecond: 100, verdict: ok },
        { offeredPerSecond: 500, verdict: ok },
        { offeredPerSecond: 1000, verdict: bad },
        { offeredPerSecond: 1500, verdict: ok },
      ]),
    ).toBe(500);
  });
  it('is 0 when even the first step failed', () => {
    expect(kneeRate([{ offeredPerSecond: 100, verdict: bad }])).toBe(0);
  });
});
