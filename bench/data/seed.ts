// The data scenario's seed: one project with years of history written straight into Postgres with
// set-based INSERT … SELECT over generate_series (2,000,000 messages in about a minute), never
// through the API. Row ids are md5(tag:kind:n), so each step finds the rows of the others without
// a lookup. The parts other branches add (labels, contacts) are separate steps that run only when
// their tables exist and otherwise print `skipped: …`. It takes a `Query` so that the bench (node,
// pg) and the Worker tests (workerd, Neon driver) run the same SQL.
//
// Bulk mode (the bench's own fresh database only): the secondary indexes of the loaded tables are
// dropped and rebuilt after the load from their own definitions (pg_indexes), and foreign-key
// triggers are off for the load (session_replication_role = replica) — a bulk build is several
// times faster than maintaining a GIN index row by row. Everything runs in one transaction, so
// a failed seed leaves nothing half-indexed.
import { RECOUNT_SQL } from '../../worker/reports/recount.ts';
import type { DataParams } from './params.ts';

export type Query = (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface SeedOptions {
  /** Drop and rebuild secondary indexes, skip FK triggers: only in a database of the seed's own. */
  bulk: boolean;
  /** One line per step: what it did and how long it took. */
  log?: (line: string) => void;
}

/** What the measurements need to know about the seeded project. */
export interface Seeded {
  tag: string;
  projectId: string;
  /** The Manager whose session the requests use (k = 1). */
  managerId: string;
  managerSessionId: string;
  agentIds: string[];
  /** A random sample of conversations (to open) with their row number (their order number is A + 100000 + i). */
  sample: { id: string; i: number }[];
  labelIds: string[];
  /** Rows per table after the seed. */
  counts: Record<string, number>;
  /** Steps not run, as `skipped: <what> not present`. */
  skipped: string[];
}

/**
 * Words of the seeded messages. Each sentence picks words with probability falling steeply with
 * the index (power 3), so `thanks` is in about half the messages and the last words in 2–3 %.
 */
export const VOCABULARY = [
  'thanks',
  'hello',
  'please',
  'order',
  'help',
  'account',
  'password',
  'shipping',
  'refund',
  'invoice',
  'payment',
  'card',
  'delivery',
  'package',
  'tracking',
  'address',
  'email',
  'login',
  'reset',
  'subscription',
  'plan',
  'upgrade',
  'cancel',
  'price',
  'discount',
  'coupon',
  'return',
  'exchange',
  'size',
  'color',
  'broken',
  'damaged',
  'missing',
  'late',
  'today',
  'tomorrow',
  'week',
  'support',
  'team',
  'manager',
  'problem',
  'issue',
  'error',
  'message',
  'screen',
  'app',
  'website',
  'mobile',
  'desktop',
  'browser',
  'download',
  'install',
  'update',
  'version',
  'feature',
  'export',
  'import',
  'report',
  'billing',
  'tax',
  'receipt',
  'confirm',
  'verify',
  'code',
  'phone',
  'number',
  'name',
  'change',
  'profile',
  'settings',
  'notification',
  'warranty',
  'repair',
  'replacement',
  'battery',
  'charger',
  'cable',
  'adapter',
  'manual',
  'setup',
  'wifi',
  'bluetooth',
  'sync',
  'backup',
  'storage',
  'upload',
  'photo',
  'video',
  'audio',
  'speaker',
  'invoice-copy',
  'quote',
  'contract',
  'renewal',
  'trial',
  'enterprise',
  'integration',
  'webhook',
  'token',
  'permissions',
  'calendar',
  'schedule',
  'meeting',
  'demo',
  'onboarding',
  'training',
  'documentation',
  'tutorial',
  'feedback',
  'survey',
  'holiday',
  'weekend',
  'urgent',
  'asap',
  'escalate',
  'supervisor',
  'complaint',
  'compliment',
  'kudos',
  'zeppelin',
];
export const COMMON_WORD = 'thanks';
/** About 2–3 % of messages. */
export const UNCOMMON_WORD = 'zeppelin';
/** The order number the first message of conversation i mentions: one conversation matches it. */
export const orderNumber = (i: number) => `A${100000 + i}`;

const SENTENCES = 5000;
/** Tables the bulk load fills (when they exist) and whose secondary indexes it rebuilds. */
const BULK_TABLES = ['contacts', 'visitors', 'conversations', 'messages', 'conversation_labels'];

/** A version-4-shaped uuid from md5(tag:kind:n) (the API's validators accept only RFC 9562 uuids). */
const uuidOf = (kind: string, n: string) =>
  `overlay(overlay(md5($1 || ':${kind}:' || ${n}) placing '4' from 13 for 1) placing '8' from 17 for 1)::uuid`;

/**
 * A pseudo-random 0 … n − 1 for row i, independent per salt: Postgres's own integer hash. Plain
 * `mod(i * prime, 100)` ties attributes together (i * 7901 mod 100 is i mod 100, so an agent's
 * rows would all share one status).
 */
const rnd = (salt: number, n: string | number, i = 'i') => `mod(hashint4(${i} * 16 + ${salt}) & 2147483647, ${n})`;
/** Conversation i has no assignee in 12 % of rows, else agent 1 + rnd(3). */
const UNASSIGNED = `${rnd(2, 100)} < 12`;
const ASSIGNEE_K = `(1 + ${rnd(3, '$5::int')})`;

async function tableExists(q: Query, table: string): Promise<boolean> {
  const [row] = await q('select to_regclass($1) is not null as present', [table]);
  return row?.present === true;
}

async function columnExists(q: Query, table: string, column: string): Promise<boolean> {
  const rows = await q(
    'select 1 from information_schema.columns where table_schema = current_schema() and table_name = $1 and column_name = $2',
    [table, column],
  );
  return rows.length > 0;
}

/** Secondary indexes (none backing a constraint) of the tables, with the statements that rebuild them. */
async function secondaryIndexes(q: Query, tables: string[]): Promise<{ name: string; def: string }[]> {
  const rows = await q(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
     where i.schemaname = current_schema() and i.tablename = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
    [tables],
  );
  return rows.map((r) => ({ name: String(r.name), def: String(r.def) }));
}

/** Runs `fn` in one transaction; rolls back when it throws. */
async function inTransaction<T>(q: Query, fn: () => Promise<T>): Promise<T> {
  await q('begin');
  try {
    const out = await fn();
    await q('commit');
    return out;
  } catch (err) {
    await q('rollback').catch(() => undefined);
    throw err;
  }
}

export async function seedProject(q: Query, p: DataParams, opts: SeedOptions): Promise<Seeded> {
  const log = opts.log ?? (() => undefined);
  const tag = Math.random().toString(36).slice(2, 10);
  const skipped: string[] = [];
  const timed = async (name: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    log(`seed: ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
  const present = {
    labels: (await tableExists(q, 'labels')) && (await tableExists(q, 'conversation_labels')),
    contacts: await tableExists(q, 'contacts'),
    reports: await tableExists(q, 'report_conversations'),
    visitorContact: await columnExists(q, 'visitors', 'contact_id'),
  };

  const projectId = await inTransaction(q, async () => {
    if (opts.bulk) {
      await q(`set local session_replication_role = replica`);
      await q(`set local maintenance_work_mem = '512MB'`);
      await q(`set local synchronous_commit = off`);
    }
    const [project] = await q('insert into projects (name, widget_key) values ($1, $2) returning id', [
      `Data bench ${tag}`,
      `pk_data_${tag}`,
    ]);
    const projectId = String(project?.id ?? '');
    if (!projectId) throw new Error('project insert returned no row');

    const tables: string[] = [];
    for (const t of BULK_TABLES) if (await tableExists(q, t)) tables.push(t);
    const indexes = opts.bulk ? await secondaryIndexes(q, tables) : [];
    if (opts.bulk) {
      await timed(`dropped ${indexes.length} secondary indexes of ${tables.join(', ')}`, async () => {
        for (const ix of indexes) await q(`drop index ${ix.name}`);
      });
    }

    await timed(`${p.agents} agents (users, memberships; agent 1 is a Manager)`, () =>
      seedAgents(q, tag, projectId, p),
    );
    // Contacts (contacts branch): one per visitor when the table exists.
    if (present.contacts) {
      await timed(`${p.contacts} contacts`, () => seedContacts(q, tag, projectId, p));
    } else skipped.push('skipped: contacts (table contacts) not present');
    await timed(`${p.conversations} visitors`, () => seedVisitors(q, tag, projectId, p, present.visitorContact));
    await timed(`${p.conversations} conversations`, () => seedConversations(q, tag, projectId, p));
    await timed('messages', () => seedMessages(q, tag, projectId, p));
    // Labels (labels branch): definitions and 0–2 labels per conversation.
    if (present.labels) {
      await timed(`${p.labels} labels and conversation labels`, () => seedLabels(q, tag, projectId, p));
    } else skipped.push('skipped: labels (tables labels, conversation_labels) not present');

    if (opts.bulk) {
      await timed(`rebuilt ${indexes.length} indexes`, async () => {
        for (const ix of indexes) await q(ix.def);
      });
    }
    // Reports read rollups the consumer keeps; seeded data had no events, so the recount builds them.
    if (present.reports) {
      await timed('report rollups (the recount)', () => q(RECOUNT_SQL, [projectId]));
    } else skipped.push('skipped: report rollups (table report_conversations) not present');
    return projectId;
  });
  // As a database that has lived with this data would be: vacuumed (visibility map, hint bits) and
  // analyzed, and in bulk mode checkpointed, so that neither autovacuum's pass over 2,000,000 new
  // rows nor the load's checkpoint runs while the routes are timed.
  const tables = `users, memberships, visitors, conversations, messages${present.contacts ? ', contacts' : ''}${present.labels ? ', labels, conversation_labels' : ''}${present.reports ? ', report_conversations' : ''}`;
  await timed('vacuum, analyze', () => q(`vacuum (analyze) ${tables}`));
  if (opts.bulk) await timed('checkpoint', () => q('checkpoint'));
  for (const s of skipped) log(s);
  return describe(q, tag, projectId, p, present, skipped);
}

async function seedAgents(q: Query, tag: string, projectId: string, p: DataParams): Promise<void> {
  await q(
    `insert into users (id, email, name, email_verified, email_verified_at)
     select ${uuidOf('agent', 'k')}, 'agent-' || k || '-' || $1 || '@bench.parley.local', 'Agent ' || k, true, now()
     from generate_series(1, $2::int) k`,
    [tag, p.agents],
  );
  await q(
    `insert into memberships (project_id, user_id, role)
     select $2::uuid, ${uuidOf('agent', 'k')}, (case when k = 1 then 'manager' else 'agent' end)::member_role
     from generate_series(1, $3::int) k`,
    [tag, projectId, p.agents],
  );
}

/** Guessed from the shared contract (contacts: project, name, email); check against the merged schema. */
async function seedContacts(q: Query, tag: string, projectId: string, p: DataParams): Promise<void> {
  await q(
    `insert into contacts (id, project_id, name, email)
     select ${uuidOf('contact', 'i')}, $2::uuid, 'Contact ' || i, 'contact-' || i || '@example.test'
     from generate_series(1, $3::int) i`,
    [tag, projectId, p.contacts],
  );
}

/** Visitor i opened conversation i, at a time spread evenly over the history (the newest now). */
const openedAt = `now() - make_interval(days => $4::int) * (1 - i::float8 / $3::int)`;

async function seedVisitors(q: Query, tag: string, projectId: string, p: DataParams, linkContacts: boolean) {
  await q(
    `insert into visitors (id, project_id, name, email, last_seen_at, created_at, updated_at${linkContacts ? ', contact_id' : ''})
     select ${uuidOf('visitor', 'i')}, $2::uuid,
       case when mod(i * 31, 10) < 6 then 'Visitor ' || i end,
       case when mod(i * 37, 10) < 4 then 'visitor-' || i || '@example.test' end,
       t.at, t.at, t.at${linkContacts ? `, case when i <= $5::int then ${uuidOf('contact', 'i')} end` : ''}
     from generate_series(1, $3::int) i, lateral (select ${openedAt} as at) t`,
    [tag, projectId, p.conversations, p.historyDays, ...(linkContacts ? [p.contacts] : [])],
  );
}

/**
 * The newest 3 % are mostly open or pending (an inbox's working set); older ones mostly resolved,
 * with 1 % still open and 1 % pending (forgotten ones). 12 % never got an assignee.
 */
async function seedConversations(q: Query, tag: string, projectId: string, p: DataParams): Promise<void> {
  const span = 2 * p.messagesPerConversation - 7;
  await q(
    `insert into conversations (id, project_id, visitor_id, status, snoozed_until, assignee_id, last_seq,
       last_activity_at, last_message_at, last_message_preview, last_message_seq, unread_by_agent,
       visitor_read_seq, agent_read_seq, first_response_at, revision, created_at, updated_at)
     select ${uuidOf('conversation', 'i')}, $2::uuid, ${uuidOf('visitor', 'i')}, x.status::conversation_status,
       case when x.status = 'snoozed' then now() + interval '2 days' end,
       case when ${UNASSIGNED} then null else ${uuidOf('agent', ASSIGNEE_K)} end,
       x.n, x.last_at, x.last_at, 'Thanks, that helps', x.n,
       case when x.status = 'open' then mod(i, 4) else 0 end, x.n, x.n,
       t.at + interval '3 minutes', x.n, t.at, x.last_at
     from generate_series(1, $3::int) i,
       lateral (select ${openedAt} as at) t,
       lateral (select 4 + mod(i::bigint * 7919, ${span})::int as n,
                       least(now(), t.at + make_interval(mins => 5 + mod(i * 7907, 240))) as last_at,
                       case when i > $3::int * 0.97 then
                         case when ${rnd(1, 100)} < 50 then 'open' when ${rnd(1, 100)} < 80 then 'pending'
                              when ${rnd(1, 100)} < 85 then 'snoozed' else 'resolved' end
                       else
                         case when ${rnd(1, 100)} < 1 then 'open' when ${rnd(1, 100)} < 2 then 'pending'
                              else 'resolved' end
                       end as status) x`,
    [tag, projectId, p.conversations, p.historyDays, p.agents],
  );
}

/**
 * Sentences come from a pool joined by number (a hash join): subscripting a 5,000-element text
 * array walks it from the start on every row, which made this step minutes long.
 * Conversation i's n messages alternate visitor and agent (its assignee, else agent 1), spread
 * from its opening to its last activity; one agent message in ten is a private note. The first
 * names the order (orderNumber), the rest are sentences of VOCABULARY words.
 */
async function seedMessages(q: Query, tag: string, projectId: string, p: DataParams): Promise<void> {
  const span = 2 * p.messagesPerConversation - 7;
  await q(
    `with pool as materialized (
       select j as k, (select string_agg(($6::text[])[1 + floor(power(random(), 3) * array_length($6::text[], 1))::int], ' ')
                       from generate_series(1, 4 + mod(j, 9)) w) as sentence
       from generate_series(0, ${SENTENCES - 1}) j
     )
     insert into messages (id, conversation_id, project_id, seq, client_id, author_kind, author_id, body, private, created_at)
     select gen_random_uuid(), c.id, $2::uuid, s, 'seed-' || s,
       (case when mod(s, 2) = 1 then 'visitor' else 'agent' end)::author_kind,
       case when mod(s, 2) = 1 then c.visitor_id else c.agent_id end,
       case when s = 1 then 'Hello, about my order A' || (100000 + i) || ': ' || pool.sentence else pool.sentence end,
       mod(s, 2) = 0 and mod(i + s, 10) = 0,
       c.at + (c.last_at - c.at) * (s::float8 / c.n)
     from generate_series(1, $3::int) i,
       lateral (select ${uuidOf('conversation', 'i')} as id, ${uuidOf('visitor', 'i')} as visitor_id,
                       case when ${UNASSIGNED} then ${uuidOf('agent', '1')}
                            else ${uuidOf('agent', ASSIGNEE_K)} end as agent_id,
                       ${openedAt} as at,
                       4 + mod(i::bigint * 7919, ${span})::int as n) c0,
       lateral (select c0.*, least(now(), c0.at + make_interval(mins => 5 + mod(i * 7907, 240))) as last_at) c,
       lateral generate_series(1, c.n) s, pool
     where pool.k = mod(i * 31 + s * 7919, ${SENTENCES})`,
    [tag, projectId, p.conversations, p.historyDays, p.agents, VOCABULARY],
  );
}

/** Label k is on about 1/k² as many conversations as label 1; a conversation has 0, 1 or 2. */
async function seedLabels(q: Query, tag: string, projectId: string, p: DataParams): Promise<void> {
  await q(
    `insert into labels (id, project_id, name, color, description)
     select ${uuidOf('label', 'k')}, $2::uuid, 'label-' || k,
       (array['gray','red','orange','amber','green','teal','blue','indigo','purple','pink'])[1 + mod(k, 10)],
       'Seeded label ' || k
     from generate_series(1, $3::int) k`,
    [tag, projectId, p.labels],
  );
  await q(
    `insert into conversation_labels (conversation_id, label_id, project_id, created_at)
     select distinct on (i, k) ${uuidOf('conversation', 'i')}, ${uuidOf('label', 'k')}, $2::uuid, now()
     from generate_series(1, $4::int) i, generate_series(1, mod(i * 17, 3)) j,
       lateral (select 1 + floor($3::int * power(mod(i * 7919 + j * 104729, 10007) / 10007.0, 2))::int as k) l`,
    [tag, projectId, p.labels, p.conversations],
  );
  // The summaries' mirror of the set (labels are written with it in one transaction).
  await q(
    `update conversations c set label_ids = l.ids
     from (select conversation_id, array_agg(label_id order by label_id) as ids
           from conversation_labels where project_id = $1::uuid group by conversation_id) l
     where c.id = l.conversation_id and c.project_id = $1::uuid`,
    [projectId],
  );
}

async function describe(
  q: Query,
  tag: string,
  projectId: string,
  p: DataParams,
  present: { labels: boolean; contacts: boolean },
  skipped: string[],
): Promise<Seeded> {
  const agentIds = (
    await q(`select ${uuidOf('agent', 'k')} as id from generate_series(1, $2::int) k order by k`, [tag, p.agents])
  ).map((r) => String(r.id));
  const managerId = agentIds[0] ?? '';
  const [session] = await q(
    `insert into sessions (user_id, refresh_token_hash, expires_at)
     values ($1, md5(random()::text), now() + interval '2 hours') returning id`,
    [managerId],
  );
  const sample = (
    await q(
      `select i, ${uuidOf('conversation', 'i')} as id from generate_series(1, $2::int) i order by random() limit 200`,
      [tag, p.conversations],
    )
  ).map((r) => ({ id: String(r.id), i: Number(r.i) }));
  const labelIds = present.labels
    ? (await q(`select ${uuidOf('label', 'k')} as id from generate_series(1, $2::int) k`, [tag, p.labels])).map((r) =>
        String(r.id),
      )
    : [];
  const counts: Record<string, number> = {};
  const countOf = async (table: string) => {
    const [row] = await q(`select count(*)::int as n from ${table} where project_id = $1`, [projectId]);
    counts[table] = Number(row?.n ?? 0);
  };
  for (const t of ['memberships', 'visitors', 'conversations', 'messages']) await countOf(t);
  if (present.contacts) await countOf('contacts');
  if (present.labels) {
    await countOf('labels');
    await countOf('conversation_labels');
  }
  return {
    tag,
    projectId,
    managerId,
    managerSessionId: String(session?.id ?? ''),
    agentIds,
    sample,
    labelIds,
    counts,
    skipped,
  };
}
