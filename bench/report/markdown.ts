// Renders one run's results as the Markdown block of docs/BENCHMARKS.md: run and machine, one
// table per scenario with Parley, the baseline and the ratio side by side, and the goals check.
import type { DeliveryCheck } from '../lib/delivery.ts';
import type { LatencySummary } from '../lib/stats.ts';
import type { CpuUsage } from '../lib/usage.ts';
import { dbSection } from './db-section.ts';
import type { BenchResults, Outcome } from './results.ts';
import { kneeRatio, stepsSection } from './steps-section.ts';

type Cell = string;

export function fmtMs(v: number | undefined): Cell {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 100) return `${v.toFixed(0)} ms`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  return `${v.toFixed(2)} ms`;
}

const fmtNum = (v: number | undefined, digits = 0): Cell =>
  v === undefined || !Number.isFinite(v)
    ? '—'
    : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const fmtBytes = (v: number | undefined): Cell =>
  v === undefined || !Number.isFinite(v)
    ? '—'
    : v >= 1048576
      ? `${(v / 1048576).toFixed(1)} MiB`
      : `${(v / 1024).toFixed(1)} KiB`;

/** "2.31× better" / "1.40× worse" / "same"; lower-is-better for latency and memory. */
export function ratio(parley: number | undefined, baseline: number | undefined, better: 'lower' | 'higher'): Cell {
  if (parley === undefined || baseline === undefined || !Number.isFinite(parley) || !Number.isFinite(baseline))
    return '—';
  if (parley <= 0 || baseline <= 0) return parley === baseline ? 'same' : '—';
  const r = better === 'lower' ? baseline / parley : parley / baseline;
  if (Math.abs(r - 1) < 0.03) return 'same';
  return r > 1 ? `**${r.toFixed(2)}× better**` : `${(1 / r).toFixed(2)}× worse`;
}

function table(header: string[], rows: Cell[][]): string {
  const line = (cells: Cell[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The columns of a scenario run against both targets. */
const VERSUS = ['', 'Parley', 'Baseline', 'Parley vs baseline'];

/** A scenario's section: its heading, what ran (empty when not known), its table, then what failed. */
function scenarioSection(
  heading: string,
  ran: string,
  header: string[],
  rows: Cell[][],
  problems: (string | null)[],
): string {
  const said = problems.filter(Boolean);
  return [heading, '', ran, '', table(header, rows), ...(said.length ? ['', ...said] : [])].join('\n');
}

const value = <T>(o: Outcome<T> | undefined): T | undefined => (o?.ok ? o.result : undefined);
const failed = (name: string, o: Outcome<unknown> | undefined): string | null =>
  o && !o.ok ? `- ${name} failed: ${o.error}` : !o ? `- ${name}: not run` : null;

const checkCell = (c: DeliveryCheck | undefined) => (c ? `${fmtNum(c.delivered)} / ${fmtNum(c.expected)}` : '—');
const integrity = (c: DeliveryCheck | undefined) =>
  c ? `${c.missing} / ${c.duplicates} / ${c.orderViolations} / ${c.seqMismatches} / ${c.seqGaps}` : '—';
const errorsCell = (c: DeliveryCheck | undefined) => {
  if (!c) return '—';
  const entries = Object.entries(c.errors);
  return entries.length ? entries.map(([k, v]) => `${k} ×${v}`).join(', ') : 'none';
};
const cpuCell = (u: CpuUsage | undefined, k: Exclude<keyof CpuUsage, 'machineBusy'>) =>
  u ? `${u[k].toFixed(1)} s (${(u[k] / u.wallSeconds).toFixed(2)} cores)` : '—';

function latencyRows(
  label: string,
  get: (s: LatencySummary) => number,
  cols: (LatencySummary | undefined)[],
  ratioCols: [number, number] | null,
): Cell[] {
  const cells = cols.map((s) => fmtMs(s ? get(s) : undefined));
  const r = ratioCols
    ? ratio(
        cols[ratioCols[0]] && get(cols[ratioCols[0]] as LatencySummary),
        cols[ratioCols[1]] && get(cols[ratioCols[1]] as LatencySummary),
        'lower',
      )
    : '';
  return [label, ...cells, ...(ratioCols ? [r] : [])];
}

function s1Section(r: BenchResults): string {
  const p = value(r.s1.parley);
  const b = value(r.s1.baseline);
  const params = p?.params ?? b?.params;
  const lat = (label: string, k: keyof LatencySummary, which: 'deliver' | 'ack') =>
    latencyRows(label, (s) => s[k], [p?.[which], b?.[which]], [0, 1]);
  const rows: Cell[][] = [
    lat('send → deliver p50', 'p50', 'deliver'),
    lat('send → deliver p95', 'p95', 'deliver'),
    lat('send → deliver p99', 'p99', 'deliver'),
    lat('send → deliver max', 'max', 'deliver'),
    lat('send → ack p50', 'p50', 'ack'),
    lat('send → ack p99', 'p99', 'ack'),
    [
      `acked msg/s (offered ${p?.offeredPerSecond ?? b?.offeredPerSecond ?? '—'})`,
      fmtNum(p?.ackedPerSecond),
      fmtNum(b?.ackedPerSecond),
      ratio(p?.ackedPerSecond, b?.ackedPerSecond, 'higher'),
    ],
    ['delivered / expected', checkCell(p?.check), checkCell(b?.check), ''],
    [
      'missing / duplicates / order violations / seq mismatches / seq gaps',
      integrity(p?.check),
      integrity(b?.check),
      '',
    ],
    [
      'sent / acked',
      p ? `${p.check.sent} / ${p.check.acked}` : '—',
      b ? `${b.check.sent} / ${b.check.acked}` : '—',
      '',
    ],
    [
      'errors (retried)',
      `${errorsCell(p?.check)} (${p?.retries ?? 0})`,
      `${errorsCell(b?.check)} (${b?.retries ?? 0})`,
      '',
    ],
    [
      `connect ${p?.sockets ?? b?.sockets ?? ''} sockets`,
      p ? `${p.connectSeconds.toFixed(1)} s` : '—',
      b ? `${b.connectSeconds.toFixed(1)} s` : '—',
      '',
    ],
    [
      'CPU: runtime',
      cpuCell(p?.usage, 'runtime'),
      cpuCell(b?.usage, 'runtime'),
      ratio(p?.usage.runtime, b?.usage.runtime, 'lower'),
    ],
    ['CPU: support processes', cpuCell(p?.usage, 'support'), cpuCell(b?.usage, 'support'), ''],
    [
      'CPU: Postgres (all backends)',
      cpuCell(p?.usage, 'postgres'),
      cpuCell(b?.usage, 'postgres'),
      ratio(p?.usage.postgres, b?.usage.postgres, 'lower'),
    ],
    ['CPU: Redis', cpuCell(p?.usage, 'redis'), cpuCell(b?.usage, 'redis'), ''],
    ['CPU: load generator', cpuCell(p?.usage, 'client'), cpuCell(b?.usage, 'client'), ''],
    ['load generator event-loop delay p99', fmtMs(p?.clientLoopDelayP99Ms), fmtMs(b?.clientLoopDelayP99Ms), ''],
  ];
  const problems = [failed('Parley', r.s1.parley), failed('Baseline', r.s1.baseline)];
  return scenarioSection(
    '### S1 — support load',
    params
      ? `${params.conversations} conversations × (1 visitor + ${params.agentsPerConversation} agents) = ${params.conversations * (1 + params.agentsPerConversation)} sockets; every visitor sends ${params.messagesPerSecond} msg/s for ${params.durationSeconds} s (${params.conversations * params.messagesPerSecond} msg/s offered); latency measured at every receiver (the agents), drain up to ${params.drainSeconds} s.`
      : '',
    VERSUS,
    rows,
    problems,
  );
}

function s2Section(r: BenchResults): string {
  const g = value(r.s2.parley);
  const one = value(r.s2.parleyOneByOne);
  const b = value(r.s2.baseline);
  const params = g?.params ?? b?.params ?? one?.params;
  const cols = [g, one, b];
  const lat = (label: string, k: keyof LatencySummary, which: 'deliver' | 'ack') =>
    latencyRows(
      label,
      (s) => s[k],
      cols.map((c) => c?.[which]),
      [0, 2],
    );
  const rows: Cell[][] = [
    [
      'messages/s (acked)',
      ...cols.map((c) => fmtNum(c?.messagesPerSecond)),
      ratio(g?.messagesPerSecond, b?.messagesPerSecond, 'higher'),
    ],
    [
      'deliveries/s',
      ...cols.map((c) => fmtNum(c?.deliveriesPerSecond)),
      ratio(g?.deliveriesPerSecond, b?.deliveriesPerSecond, 'higher'),
    ],
    [
      'duration (first send → last ack)',
      ...cols.map((c) => (c ? `${c.seconds.toFixed(2)} s${c.completed ? '' : ' (time limit hit)'}` : '—')),
      '',
    ],
    lat('send → deliver p50', 'p50', 'deliver'),
    lat('send → deliver p95', 'p95', 'deliver'),
    lat('send → deliver p99', 'p99', 'deliver'),
    lat('send → deliver max', 'max', 'deliver'),
    lat('send → ack p50', 'p50', 'ack'),
    lat('send → ack p99', 'p99', 'ack'),
    ['delivered / expected', ...cols.map((c) => checkCell(c?.check)), ''],
    [
      'missing / duplicates / order violations / seq mismatches / seq gaps',
      ...cols.map((c) => integrity(c?.check)),
      '',
    ],
    ['errors (retried)', ...cols.map((c) => `${errorsCell(c?.check)} (${c?.retries ?? 0})`), ''],
    ['CPU: runtime', ...cols.map((c) => cpuCell(c?.usage, 'runtime')), ''],
    ['CPU: Postgres', ...cols.map((c) => cpuCell(c?.usage, 'postgres')), ''],
    ['CPU: load generator', ...cols.map((c) => cpuCell(c?.usage, 'client')), ''],
  ];
  const problems = [
    failed('Parley (group commit)', r.s2.parley),
    failed('Parley (one message per transaction)', r.s2.parleyOneByOne),
    failed('Baseline', r.s2.baseline),
  ];
  return scenarioSection(
    '### S2 — hot conversation',
    params
      ? `1 sender (the visitor) and ${params.receivers} receivers (agents) in one conversation; the sender keeps ${params.window} unacknowledged messages in flight until ${params.messages.toLocaleString('en-US')} are sent (or ${params.timeoutSeconds} s have passed: the rate is established by then and the run stays bounded). "One message per transaction" runs Parley with \`ROOM_LIMITS={"batchMax":1}\` (group commit off).`
      : '',
    ['', 'Parley (group commit)', 'Parley (1 msg per transaction)', 'Baseline', 'Parley (group commit) vs baseline'],
    rows,
    problems,
  );
}

function s3Section(r: BenchResults): string {
  const p = value(r.s3.parley);
  const b = value(r.s3.baseline);
  const params = p?.params ?? b?.params;
  const caps = (x: typeof p) =>
    x ? `${x.params.connectTimeoutSeconds} s / ${x.params.reconnectTimeoutSeconds} s` : '—';
  const mem = (x: typeof p, which: 'before' | 'after') =>
    x ? x[which].map((m) => `${m.label}: ${fmtBytes(m.rssBytes)}, ${fmtNum(m.fds)} fds`).join('<br>') : '—';
  const rows: Cell[][] = [
    [
      'connected / asked (failed, not tried in time)',
      p ? `${fmtNum(p.connected)} / ${fmtNum(params?.sockets)} (${p.connectFailures}, ${p.notTried})` : '—',
      b ? `${fmtNum(b.connected)} / ${fmtNum(params?.sockets)} (${b.connectFailures}, ${b.notTried})` : '—',
      '',
    ],
    ['time limits: connecting / reconnecting (from the budget left)', caps(p), caps(b), ''],
    [
      'connect time',
      p ? `${p.connectSeconds.toFixed(1)} s` : '—',
      b ? `${b.connectSeconds.toFixed(1)} s` : '—',
      ratio(p?.connectSeconds, b?.connectSeconds, 'lower'),
    ],
    ['runtime before connecting', mem(p, 'before'), mem(b, 'before'), ''],
    [`runtime after ${params?.idleSeconds ?? ''} s idle`, mem(p, 'after'), mem(b, 'after'), ''],
    [
      'memory per connection (RSS)',
      fmtBytes(p?.bytesPerConnection),
      fmtBytes(b?.bytesPerConnection),
      ratio(p?.bytesPerConnection, b?.bytesPerConnection, 'lower'),
    ],
    ['descriptors per connection (runtime)', fmtNum(p?.fdsPerConnection, 2), fmtNum(b?.fdsPerConnection, 2), ''],
    [
      'restart: runtime accepting again',
      p ? `${p.restart.runtimeReadySeconds.toFixed(1)} s` : '—',
      b ? `${b.restart.runtimeReadySeconds.toFixed(1)} s` : '—',
      '',
    ],
    [
      'restart: all visitors back',
      p ? `${p.restart.allReconnectedSeconds.toFixed(1)} s (${fmtNum(p.restart.reconnected)})` : '—',
      b ? `${b.restart.allReconnectedSeconds.toFixed(1)} s (${fmtNum(b.restart.reconnected)})` : '—',
      ratio(p?.restart.allReconnectedSeconds, b?.restart.allReconnectedSeconds, 'lower'),
    ],
    [
      'reconnect attempts / failed attempts',
      p ? `${fmtNum(p.restart.attempts)} / ${fmtNum(p.restart.failures)}` : '—',
      b ? `${fmtNum(b.restart.attempts)} / ${fmtNum(b.restart.failures)}` : '—',
      '',
    ],
    [
      'load generator CPU: connecting / reconnecting',
      p ? `${p.clientCpuSeconds.connect.toFixed(1)} s / ${p.clientCpuSeconds.reconnect.toFixed(1)} s` : '—',
      b ? `${b.clientCpuSeconds.connect.toFixed(1)} s / ${b.clientCpuSeconds.reconnect.toFixed(1)} s` : '—',
      '',
    ],
    [
      'errors',
      p
        ? Object.entries(p.errors)
            .map(([k, v]) => `${k} ×${v}`)
            .join(', ') || 'none'
        : '—',
      b
        ? Object.entries(b.errors)
            .map(([k, v]) => `${k} ×${v}`)
            .join(', ') || 'none'
        : '—',
      '',
    ],
  ];
  const problems = [failed('Parley', r.s3.parley), failed('Baseline', r.s3.baseline)];
  return scenarioSection(
    '### S3 — idle visitors',
    params
      ? `${params.sockets.toLocaleString('en-US')} visitors, each in its own conversation, connected ${params.connectConcurrency} at a time (no new sockets after the time limit below), then ${params.idleSeconds} s of silence; then the runtime is killed (SIGKILL) and started again, and every client reconnects (first try after a random 0–${params.reconnectJitterMs} ms, waiting up to ${params.reconnectHandshakeTimeoutSeconds} s for its welcome, then exponential backoff), resuming from its last seq.`
      : '',
    VERSUS,
    rows,
    problems,
  );
}

function s4Section(r: BenchResults): string {
  const p = value(r.s4.parley);
  const b = value(r.s4.baseline);
  const pa = p?.available ? p : undefined;
  const ba = b?.available ? b : undefined;
  const params = p?.params ?? b?.params;
  const rows: Cell[][] = [
    [
      'outbox rows (acked messages)',
      pa ? `${fmtNum(pa.published)} published, ${fmtNum(pa.consumed)} consumed of ${fmtNum(pa.rows)}` : '—',
      ba ? `${fmtNum(ba.published)} published, ${fmtNum(ba.consumed)} consumed of ${fmtNum(ba.rows)}` : '—',
      '',
    ],
    [
      'published per second',
      fmtNum(pa?.publishedPerSecond),
      fmtNum(ba?.publishedPerSecond),
      ratio(pa?.publishedPerSecond, ba?.publishedPerSecond, 'higher'),
    ],
    [
      'consumed per second',
      fmtNum(pa?.consumedPerSecond),
      fmtNum(ba?.consumedPerSecond),
      ratio(pa?.consumedPerSecond, ba?.consumedPerSecond, 'higher'),
    ],
    [
      'commit → published p50 / p99',
      pa ? `${fmtMs(pa.publishLag.p50)} / ${fmtMs(pa.publishLag.p99)}` : '—',
      ba ? `${fmtMs(ba.publishLag.p50)} / ${fmtMs(ba.publishLag.p99)}` : '—',
      '',
    ],
    [
      'commit → consumed p50 / p99',
      pa ? `${fmtMs(pa.consumeLag.p50)} / ${fmtMs(pa.consumeLag.p99)}` : '—',
      ba ? `${fmtMs(ba.consumeLag.p50)} / ${fmtMs(ba.consumeLag.p99)}` : '—',
      '',
    ],
  ];
  const notes = [
    p && !p.available ? `- Parley not measured: ${p.reason}` : null,
    b && !b.available ? `- Baseline not measured: ${b.reason}` : null,
    failed('Parley', r.s4.parley),
    failed('Baseline', r.s4.baseline),
  ];
  return scenarioSection(
    '### S4 — events',
    params
      ? `${params.conversations} conversations × ${params.messagesPerConversation} messages sent as fast as acks allow (window ${params.window}); rates are rows over (last published or consumed − first committed), from each target's own tables.`
      : '',
    VERSUS,
    rows,
    notes,
  );
}

function goals(r: BenchResults): string {
  const s1p = value(r.s1.parley);
  const s1b = value(r.s1.baseline);
  const s2p = value(r.s2.parley);
  const s2b = value(r.s2.baseline);
  const s3p = value(r.s3.parley);
  const yes = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'yes' : '**no**');
  const clean = (c: DeliveryCheck | undefined) =>
    c
      ? c.missing === 0 && c.duplicates === 0 && c.orderViolations === 0 && c.seqMismatches === 0 && c.seqGaps === 0
      : undefined;
  const checks: [string, DeliveryCheck | undefined][] = [
    ['S1 Parley', s1p?.check],
    ['S1 baseline', s1b?.check],
    ['S2 Parley (group commit)', s2p?.check],
    ['S2 Parley (1 per transaction)', value(r.s2.parleyOneByOne)?.check],
    ['S2 baseline', s2b?.check],
  ];
  return [
    '### Goals',
    '',
    table(
      ['goal', 'met?', 'figures'],
      [
        [
          'Parley ahead on S1 p99',
          yes(s1p && s1b ? s1p.deliver.p99 < s1b.deliver.p99 : undefined),
          `${fmtMs(s1p?.deliver.p99)} vs ${fmtMs(s1b?.deliver.p99)}`,
        ],
        [
          'S1 knee: Parley ≥ 1.5× the baseline',
          yes(kneeRatio(r) === undefined ? undefined : (kneeRatio(r) ?? 0) >= 1.5),
          kneeRatio(r) === undefined ? '—' : `${(kneeRatio(r) ?? 0).toFixed(2)}×`,
        ],
        [
          'Parley ahead on S2 throughput',
          yes(s2p && s2b ? s2p.messagesPerSecond > s2b.messagesPerSecond : undefined),
          `${fmtNum(s2p?.messagesPerSecond)} vs ${fmtNum(s2b?.messagesPerSecond)} msg/s`,
        ],
        [
          'S3 holds every visitor',
          yes(s3p ? s3p.connected >= s3p.params.sockets : undefined),
          s3p ? `${fmtNum(s3p.connected)} of ${fmtNum(s3p.params.sockets)}` : '—',
        ],
        ...checks.map(([name, c]): Cell[] => [
          `${name}: no loss, duplicate or order violation`,
          yes(clean(c)),
          integrity(c),
        ]),
      ],
    ),
  ].join('\n');
}

function profileSection(r: BenchResults): string {
  const p = r.parleyProfile;
  if (!p) return '';
  return [
    '### Where workerd spent S1 (CPU profile)',
    '',
    `This run was profiled (BENCH_PROFILE=1), which slows both targets: read its latencies as a profile, not a result. Self time in the Worker's isolates during S1's timed window: ${fmtNum(p.totalMs - p.idleMs)} ms busy of ${fmtNum(p.totalMs)} ms sampled ("(program)" is native workerd work outside JavaScript: sockets, SQLite, the event loop).`,
    '',
    table(
      ['function (bundle line)', 'self ms', 'share of busy'],
      p.functions.slice(0, 15).map((f) => [`\`${f.name}\``, fmtNum(f.ms), `${f.share}%`]),
    ),
  ].join('\n');
}

/** BENCH_TARGETS=dev: S1 against `npm run dev` itself, and what it refused (goal: none). */
export function devSection(r: Pick<BenchResults, 'dev'>): string {
  if (!r.dev) return '';
  const heading = '### S1 against `npm run dev` (BENCH_TARGETS=dev)';
  if (!r.dev.ok) return [heading, '', `Failed: ${r.dev.error}`].join('\n');
  const { s1, refusals, postgresPath } = r.dev.result;
  const refusedCell = refusals.refused
    ? `**${fmtNum(refusals.refused)}** (${Object.entries(refusals.byCode)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ')})`
    : 'none';
  return [
    heading,
    '',
    `One \`wrangler dev\` as \`npm run dev\` starts it (embedded Postgres, Worker → Postgres: ${postgresPath || 'see the log'}; in-memory Redis), send and visitor limits lifted. Goal: no refusals.`,
    '',
    table(
      ['', 'npm run dev'],
      [
        ['offered msg/s', fmtNum(s1.offeredPerSecond)],
        ['acked msg/s', fmtNum(s1.ackedPerSecond)],
        ['sent / acked', `${fmtNum(s1.check.sent)} / ${fmtNum(s1.check.acked)}`],
        ['**refused sends** (error acks)', refusedCell],
        ['sent, never answered', fmtNum(refusals.unanswered)],
        ['all error frames', errorsCell(s1.check)],
        ['send → deliver p50 / p99', `${fmtMs(s1.deliver.p50)} / ${fmtMs(s1.deliver.p99)}`],
        ['delivered / owed', checkCell(s1.check)],
        ['missing / duplicate / out of order / seq mismatch / seq gap', integrity(s1.check)],
        ['CPU: runtime / support', `${cpuCell(s1.usage, 'runtime')} / ${cpuCell(s1.usage, 'support')}`],
      ],
    ),
  ].join('\n');
}

export function resultsMarkdown(r: BenchResults, chartPath: string): string {
  const m = r.machine;
  return [
    `Run of ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC: \`${r.command}\`, ${r.durationSeconds.toFixed(0)} s in all. Raw figures: \`bench/results/${r.startedAt.slice(0, 10)}.json\`.`,
    '',
    table(
      ['machine', ''],
      [
        ['CPUs (`nproc`)', `${m.cpus} × ${m.cpuModel}`],
        ['memory', `${m.memoryGiB.toFixed(1)} GiB`],
        ['load average at start (1/5/15 min)', m.loadAverageAtStart.map((x) => x.toFixed(2)).join(' / ')],
        ['OS', m.os],
        ['Node', m.node],
        ['workerd / wrangler', `${m.workerd} / ${m.wrangler}`],
        ['PostgreSQL', m.postgres],
        ['Redis', m.redis],
        ['open files per process', m.openFilesLimit],
      ],
    ),
    '',
    `Parley: ${r.targets.parley}. Baseline: ${r.targets.baseline}.`,
    '',
    goals(r),
    '',
    s1Section(r),
    '',
    ...(dbSection(r) ? [dbSection(r), ''] : []),
    ...(r.s1Steps ? [stepsSection(r), ''] : []),
    s2Section(r),
    '',
    s3Section(r),
    '',
    s4Section(r),
    '',
    ...(r.parleyProfile ? [profileSection(r), ''] : []),
    ...(r.dev ? [devSection(r), ''] : []),
    '### Latency distributions',
    '',
    `![send → deliver latency percentiles, S1 and S2](${chartPath})`,
    ...(r.notes.length ? ['', '### Notes from this run', '', ...r.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}

const START = '<!-- bench:results:start (generated by npm run bench; edits inside are overwritten) -->';
const END = '<!-- bench:results:end -->';

/** Replaces the generated block of an existing document (or appends it), keeping the prose around it. */
export function spliceResults(doc: string, block: string): string {
  const generated = `${START}\n${block}\n${END}`;
  const s = doc.indexOf(START.slice(0, 28));
  const e = doc.indexOf(END);
  if (s >= 0 && e > s) return `${doc.slice(0, s)}${generated}${doc.slice(e + END.length)}`;
  return `${doc.trimEnd()}\n\n${generated}\n`;
}
