// The report's S1 step-load section: the knee row in the fixed form runs are compared by, and
// every step of both targets (offered, acked, p99, why a step was not sustained).
import type { S1Step, S1StepResult } from '../scenarios/s1-step-load.ts';
import type { BenchResults, Outcome } from './results.ts';

const fmt = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? '—' : Math.round(v).toLocaleString('en-US');
const fmtP99 = (v: number) =>
  !Number.isFinite(v) ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
const value = <T>(o: Outcome<T> | undefined): T | undefined => (o?.ok ? o.result : undefined);

/** `| S1 sustainable msg/s at p99 ≤ 250 ms | <parley> | <baseline> |`: the row compared across runs. */
export function kneeRow(r: Pick<BenchResults, 's1Steps'>): string {
  const p = value(r.s1Steps?.parley);
  const b = value(r.s1Steps?.baseline);
  const limit = p?.params.p99LimitMs ?? b?.params.p99LimitMs ?? 250;
  return `| S1 sustainable msg/s at p99 ≤ ${limit} ms | ${fmt(p?.sustainablePerSecond)} | ${fmt(b?.sustainablePerSecond)} |`;
}

/** Parley's knee over the baseline's (the goal is ≥ 1.5), or undefined when either is missing. */
export function kneeRatio(r: Pick<BenchResults, 's1Steps'>): number | undefined {
  const p = value(r.s1Steps?.parley)?.sustainablePerSecond;
  const b = value(r.s1Steps?.baseline)?.sustainablePerSecond;
  return p !== undefined && b !== undefined && b > 0 ? p / b : undefined;
}

/**
 * What the step took of the machine: all CPUs' busy share over the step, and the target's own
 * processes' CPU (runtime, support, Postgres, Redis; not the load generator) per acked message.
 */
export function stepCost(s: S1Step): string {
  const u = s.usage;
  const targetCpu = u.runtime + u.support + u.postgres + u.redis;
  const perMessage = s.acked > 0 ? `${((1000 * targetCpu) / s.acked).toFixed(2)} ms CPU per message` : '';
  const busy = u.machineBusy === undefined ? '' : `CPUs ${Math.round(100 * u.machineBusy)}% busy`;
  return [busy, perMessage].filter(Boolean).join(', ');
}

const stepCell = (s: S1Step | undefined) => {
  if (!s) return '';
  const cost = stepCost(s);
  return `${fmt(s.ackedPerSecond)} acked/s, p99 ${fmtP99(s.deliver.p99)}, ${s.verdict.sustained ? 'sustained' : `**not sustained**: ${s.verdict.reason}`}${cost ? ` · ${cost}` : ''}`;
};

function stepTable(p: S1StepResult | undefined, b: S1StepResult | undefined): string[] {
  const rates = [...new Set([...(p?.steps ?? []), ...(b?.steps ?? [])].map((s) => s.offeredPerSecond))].sort(
    (x, y) => x - y,
  );
  const at = (res: S1StepResult | undefined, rate: number) => res?.steps.find((s) => s.offeredPerSecond === rate);
  return [
    '| offered msg/s | Parley | Baseline |',
    '| --- | --- | --- |',
    ...rates.map(
      (rate) => `| ${fmt(rate)} | ${stepCell(at(p, rate)) || 'not run'} | ${stepCell(at(b, rate)) || 'not run'} |`,
    ),
  ];
}

/**
 * A target that sustained every step offered has a knee of at least the highest step, not that
 * step: the knee row and the ratio then read as bounds, and the report says which way.
 */
export function ceilingNotes(r: Pick<BenchResults, 's1Steps'>): string[] {
  return (['parley', 'baseline'] as const).flatMap((name) => {
    const res = value(r.s1Steps?.[name]);
    const last = res?.params.rates.at(-1);
    if (!res || last === undefined || res.sustainablePerSecond < last) return [];
    const label = name === 'parley' ? 'Parley' : 'The baseline';
    const bound = name === 'parley' ? 'at least' : 'at most';
    return [
      `- ${label} sustained every step, up to the highest offered (${fmt(last)} msg/s): its knee is at least that, and the ratio above is ${bound} what it shows.`,
    ];
  });
}

export function stepsSection(r: BenchResults): string {
  if (!r.s1Steps) return '';
  const p = value(r.s1Steps.parley);
  const b = value(r.s1Steps.baseline);
  const params = p?.params ?? b?.params;
  const integrity = (res: S1StepResult | undefined) =>
    res
      ? `${res.check.missing} / ${res.check.duplicates} / ${res.check.orderViolations} / ${res.check.seqMismatches} / ${res.check.seqGaps}`
      : '—';
  const failures = (['parley', 'baseline'] as const).flatMap((name) => {
    const o = r.s1Steps?.[name];
    return o && !o.ok ? [`- ${name} failed: ${o.error}`] : [];
  });
  const ratio = kneeRatio(r);
  const ceilings = ceilingNotes(r);
  return [
    '### S1 in steps — the knee',
    '',
    params
      ? `S1's ${params.conversations} conversations and sockets, warmed up with one message from each visitor (not measured); the offered rate rises through ${params.rates.join(', ')} msg/s, ${params.stepSeconds} s a step, each step then given up to ${params.settleSeconds} s for its acks and deliveries. A step is sustained when every send is acked and delivered, nothing is duplicated or out of order, and p99 send → deliver is ≤ ${params.p99LimitMs} ms; a target stops at its first step that is not. After each step: how busy all the machine's CPUs were over it (/proc/stat), and the target's own CPU (runtime, support processes, Postgres, Redis; not the load generator) per acked message.`
      : '',
    '',
    '|  | Parley | Baseline |',
    '| --- | --- | --- |',
    kneeRow(r),
    `| Parley vs baseline (goal ≥ 1.5×) | ${ratio === undefined ? '—' : `${ratio.toFixed(2)}×`} |  |`,
    `| missing / duplicates / order violations / seq mismatches / seq gaps (all steps) | ${integrity(p)} | ${integrity(b)} |`,
    '',
    ...stepTable(p, b),
    ...(failures.length ? ['', ...failures] : []),
    ...(ceilings.length ? ['', ...ceilings] : []),
  ].join('\n');
}
