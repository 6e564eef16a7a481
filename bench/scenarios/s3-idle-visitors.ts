// S3 idle visitors: many visitors connected and silent (each in its own conversation; Parley's
// rooms may hibernate). Measures the runtime processes' memory per connection and open
// descriptors, then kills the runtime, starts it again and times until every visitor is back.
import type { Connection, Participant } from '../drivers/types.ts';
import { mapLimit, sleep, waitFor } from '../lib/limit.ts';
import { type ProcSample, sampleProcess } from '../lib/sample.ts';
import type { LabelledPid, TargetHandle } from '../target.ts';

export interface S3Params {
  sockets: number;
  connectConcurrency: number;
  /** Stop opening new sockets after this long (the run's time budget); what is open stays. */
  connectTimeoutSeconds: number;
  /** Silence after connecting, before measuring (lets rooms hibernate). */
  idleSeconds: number;
  /** Give up waiting for reconnects after this long. */
  reconnectTimeoutSeconds: number;
  /**
   * The scenario's share of the run's budget ends here (performance.now()): the reconnect phase
   * gets what the connect phase left of it, up to reconnectTimeoutSeconds.
   */
  endsAt?: number;
  /** Reconnect policy, the same for both targets: first try after a random delay in [0, jitter]. */
  reconnectJitterMs: number;
  /** How long a reconnect waits for its welcome before it gives up and backs off. */
  reconnectHandshakeTimeoutSeconds: number;
}

export interface RuntimeMemory {
  label: string;
  rssBytes: number;
  fds: number;
}

export interface S3Result {
  params: S3Params;
  connected: number;
  connectFailures: number;
  /** Sockets never tried because the connect phase hit its time limit. */
  notTried: number;
  connectSeconds: number;
  before: RuntimeMemory[];
  after: RuntimeMemory[];
  /** (RSS after − RSS before) / connected, all runtime processes together. */
  bytesPerConnection: number;
  /** Open descriptors of the runtime processes per connection. */
  fdsPerConnection: number;
  restart: {
    /** Kill → the runtime accepts connections again. */
    runtimeReadySeconds: number;
    /** Kill → every visitor welcomed again. */
    allReconnectedSeconds: number;
    reconnected: number;
    attempts: number;
    failures: number;
  };
  /** The load generator's own CPU seconds while connecting and while reconnecting. */
  clientCpuSeconds: { connect: number; reconnect: number };
  errors: Record<string, number>;
}

const cpuSince = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
};

function memory(pids: LabelledPid[]): RuntimeMemory[] {
  return pids.map((p) => {
    const s: ProcSample | null = sampleProcess(p.pid);
    return { label: p.label, rssBytes: s?.rssBytes ?? 0, fds: s?.fds ?? 0 };
  });
}

const total = (m: RuntimeMemory[], k: 'rssBytes' | 'fds') => m.reduce((n, x) => n + x[k], 0);

export async function runS3(target: TargetHandle, params: S3Params): Promise<S3Result> {
  const conversations = await target.provisioner.conversations(params.sockets, 0);
  const visitors: Participant[] = conversations.map((c) => c.visitor);
  const errors = new Map<string, number>();
  const count = (code: string) => errors.set(code, (errors.get(code) ?? 0) + 1);
  const live = new Map<number, Connection>();
  let restarting = false;
  let attempts = 0;
  let failures = 0;

  // Every drop is followed by reconnects with the same policy for both targets.
  const reconnect = (i: number, visitor: Participant, attempt: number) => {
    const delay =
      attempt === 0
        ? Math.random() * params.reconnectJitterMs
        : Math.min(5000, 250 * 2 ** attempt) + Math.random() * 250;
    setTimeout(() => {
      attempts++;
      open(i, visitor, true).catch((err: unknown) => {
        failures++;
        count(`reconnect: ${err instanceof Error ? err.message.slice(0, 40) : 'error'}`);
        if (attempt < 12) reconnect(i, visitor, attempt + 1);
      });
    }, delay);
  };
  // A reconnect resumes from the last seq it saw (0: the conversations stay empty).
  const open = async (i: number, visitor: Participant, resume = false) => {
    const conn = await target.driver.connect(
      visitor,
      {
        onDrop: () => {
          live.delete(i);
          if (!restarting) count('dropped while idle');
          reconnect(i, visitor, 0);
        },
        onError: (e) => count(e.code),
      },
      // A reconnect waits for its handshake as a browser does (the widget sets no handshake
      // timeout), rather than abandoning it at 15 s and re-queueing the same work on a busy server.
      resume ? { lastSeq: 0, timeoutMs: params.reconnectHandshakeTimeoutSeconds * 1000 } : { timeoutMs: 15_000 },
    );
    live.set(i, conn);
  };

  const before = memory(target.runtimePids());
  const connectStart = performance.now();
  const connectCpu = process.cpuUsage();
  let connectFailures = 0;
  let notTried = 0;
  const connectDeadline = performance.now() + params.connectTimeoutSeconds * 1000;
  await mapLimit(visitors, params.connectConcurrency, async (v, i) => {
    if (performance.now() > connectDeadline) {
      notTried++;
      return;
    }
    try {
      await open(i, v);
    } catch (err) {
      connectFailures++;
      count(`connect: ${err instanceof Error ? err.message.slice(0, 40) : 'error'}`);
    }
  });
  const connectSeconds = (performance.now() - connectStart) / 1000;
  const connectCpuSeconds = cpuSince(connectCpu);
  await sleep(params.idleSeconds * 1000);
  const connected = live.size;
  const after = memory(target.runtimePids());

  // The reconnect phase (restart included) gets what the connect phase left of the share.
  const reconnectSeconds = Math.floor(
    Math.min(params.reconnectTimeoutSeconds, ((params.endsAt ?? Number.POSITIVE_INFINITY) - performance.now()) / 1000),
  );
  restarting = true;
  const expected = live.size;
  attempts = 0;
  failures = 0;
  const killedAt = performance.now();
  const reconnectCpu = process.cpuUsage();
  await target.restart();
  const runtimeReadySeconds = (performance.now() - killedAt) / 1000;
  await waitFor(() => live.size >= expected, Math.max(0, killedAt + reconnectSeconds * 1000 - performance.now()), 50);
  const allReconnectedSeconds = (performance.now() - killedAt) / 1000;
  const reconnected = live.size;
  const reconnectCpuSeconds = cpuSince(reconnectCpu);
  restarting = false;

  for (const c of live.values()) c.close();
  live.clear();
  // Give the closes a moment to reach the server before the next scenario.
  await sleep(1000);
  return {
    params: { ...params, reconnectTimeoutSeconds: reconnectSeconds },
    connected,
    connectFailures,
    notTried,
    connectSeconds,
    before,
    after,
    bytesPerConnection: connected ? (total(after, 'rssBytes') - total(before, 'rssBytes')) / connected : Number.NaN,
    fdsPerConnection: connected ? (total(after, 'fds') - total(before, 'fds')) / connected : Number.NaN,
    restart: { runtimeReadySeconds, allReconnectedSeconds, reconnected, attempts, failures },
    clientCpuSeconds: { connect: connectCpuSeconds, reconnect: reconnectCpuSeconds },
    errors: Object.fromEntries(errors),
  };
}
