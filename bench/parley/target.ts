// Parley as a benchmark target: its driver, provisioner, processes and outbox probe.
import { adminQuery } from '../../local/admin-query.ts';
import { ParleyDriver } from '../drivers/parley.ts';
import { dbCounterSource } from '../lib/db-counters.ts';
import { type OutboxProbe, type OutboxRowTimes, outboxLags, type TargetHandle } from '../target.ts';
import { ParleyProvisioner } from './provision.ts';
import type { ParleyStack } from './stack.ts';

/**
 * When the Queue consumer applied each `message.created` (S4's events are all of them): the
 * conversations handler is replay-safe and takes no processed marker (worker/events/), so the
 * probe watches its effect instead. During S4 a trigger in the bench's own database records when
 * each conversation's `last_message_seq` moved (clock time, inside the consumer's one-statement
 * commit); an event counts as consumed at the first record that covers its seq. The other handlers
 * only read for S4's events (no webhook endpoint, no email due). The probe installs the trigger in
 * `prepare` and drops it in `finish`, which S4 runs whatever happens.
 */
const INSTALL = [
  'create table if not exists bench_consumed (conversation_id uuid not null, seq integer not null, at timestamptz not null default clock_timestamp())',
  `create or replace function bench_consumed_fn() returns trigger language plpgsql as $$
     begin
       if new.last_message_seq > old.last_message_seq then
         insert into bench_consumed (conversation_id, seq) values (new.id, new.last_message_seq);
       end if;
       return new;
     end $$`,
  'drop trigger if exists bench_consumed on conversations',
  'create trigger bench_consumed after update of last_message_seq on conversations for each row execute function bench_consumed_fn()',
];
const UNINSTALL = [
  'drop trigger if exists bench_consumed on conversations',
  'drop function if exists bench_consumed_fn()',
];

/**
 * Reads progress from outbox_events.published_at (the relay) and the consumer's effect on the
 * conversation rows (above).
 */
export function outboxProbe(databaseUrl: string): OutboxProbe {
  const consumedSql = `(select min(b.at) from bench_consumed b
    where b.conversation_id = (o.payload->>'conversationId')::uuid and b.seq >= (o.payload->'message'->>'seq')::int)`;
  const run = async (statements: string[]) => {
    for (const statement of statements) await adminQuery(databaseUrl, statement, []);
  };
  return {
    async unavailable() {
      const [row] = await adminQuery<{ exists: boolean }>(
        databaseUrl,
        `select to_regclass('public.processed_events') is not null as exists`,
        [],
      );
      return row?.exists ? null : 'the outbox relay and Queue consumer (events issue) are not in this build';
    },
    prepare: () => run(INSTALL),
    finish: () => run(UNINSTALL),
    async counts(since) {
      const [r] = await adminQuery<{ total: string; published: string; consumed: string }>(
        databaseUrl,
        `select count(*) as total, count(published_at) as published, count(${consumedSql}) as consumed
         from outbox_events o where created_at >= $1 and type = 'message.created'`,
        [since],
      );
      return { total: Number(r?.total ?? 0), published: Number(r?.published ?? 0), consumed: Number(r?.consumed ?? 0) };
    },
    async lags(since) {
      const rows = await adminQuery<OutboxRowTimes>(
        databaseUrl,
        `select extract(epoch from created_at) * 1000 as created, extract(epoch from published_at) * 1000 as published,
           extract(epoch from ${consumedSql}) * 1000 as consumed
         from outbox_events o where created_at >= $1 and type = 'message.created'`,
        [since],
      );
      return outboxLags(rows);
    },
  };
}

export function parleyTarget(stack: ParleyStack, description: string): TargetHandle {
  return {
    name: 'parley',
    description,
    driver: new ParleyDriver(stack.urls),
    provisioner: new ParleyProvisioner(stack.url, stack.databaseUrl, stack.authJwtKeys),
    runtimePids: () => stack.runtimePids(),
    supportPids: () => stack.supportPids(),
    restart: () => stack.restart(),
    outbox: outboxProbe(stack.databaseUrl),
    dbCounters: dbCounterSource(stack.databaseUrl, async () => {
      const stats = (await stack.poolerStats()) as { statements?: number };
      return typeof stats.statements === 'number' ? stats.statements : null;
    }),
  };
}
