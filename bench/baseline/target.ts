// The baseline as a benchmark target: its driver, provisioner, processes and outbox probe.
import type { QueryResultRow } from 'pg';
import { adminQuery } from '../../local/admin-query.ts';
import { SocketIoDriver } from '../drivers/socketio.ts';
import { dbCounterSource } from '../lib/db-counters.ts';
import { type OutboxProbe, type OutboxRowTimes, outboxLags, type TargetHandle } from '../target.ts';
import { BaselineProvisioner } from './provision.ts';
import type { BaselineStack } from './stack.ts';

function outboxProbe(databaseUrl: string): OutboxProbe {
  const query = <R extends QueryResultRow>(text: string, values: unknown[]) => adminQuery<R>(databaseUrl, text, values);
  return {
    unavailable: async () => null,
    async counts(since) {
      const rows = await query<{ total: string; published: string; consumed: string }>(
        `select count(*) as total, count(o.published_at) as published, count(p.event_id) as consumed
         from outbox_events o left join processed_events p on p.event_id = o.id where o.created_at >= $1`,
        [since],
      );
      const r = rows[0];
      return { total: Number(r?.total ?? 0), published: Number(r?.published ?? 0), consumed: Number(r?.consumed ?? 0) };
    },
    async lags(since) {
      const rows = await query<OutboxRowTimes>(
        `select extract(epoch from o.created_at) * 1000 as created, extract(epoch from o.published_at) * 1000 as published,
           extract(epoch from p.consumed_at) * 1000 as consumed
         from outbox_events o left join processed_events p on p.event_id = o.id where o.created_at >= $1`,
        [since],
      );
      return outboxLags(rows);
    },
  };
}

export function baselineTarget(stack: BaselineStack): TargetHandle {
  return {
    name: 'baseline',
    description: 'Socket.IO 4 + @socket.io/redis-adapter, 2 Node processes, pg Pool, outbox in the same transaction',
    driver: new SocketIoDriver(stack.ports.map((p) => `http://127.0.0.1:${p}`)),
    provisioner: new BaselineProvisioner(stack.databaseUrl, stack.tokenKey),
    runtimePids: () => stack.serverPids().map((pid, i) => ({ label: `gateway ${i + 1} (node)`, pid })),
    supportPids: () => [{ label: 'worker: relay + consumer (node)', pid: stack.workerPid() }],
    restart: () => stack.restartServers(),
    outbox: outboxProbe(stack.databaseUrl),
    dbCounters: dbCounterSource(stack.databaseUrl, async () => null),
  };
}
