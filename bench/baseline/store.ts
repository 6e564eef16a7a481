// The classic message write, done the way a careful team would: ONE statement (an implicit
// transaction, one round trip) that takes the next seq from the conversation row (its row lock
// serialises writers of one conversation across processes), inserts the message and its outbox
// row, and commits before anything is broadcast. A retried clientId violates the unique index, so
// the whole statement rolls back (no seq is burned) and the original is returned instead.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export interface MessageInput {
  conversationId: string;
  projectId: string;
  clientId: string;
  authorKind: 'visitor' | 'agent';
  authorId: string;
  body: string;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string;
  author: { kind: 'visitor' | 'agent'; id: string };
  body: string;
  createdAt: string;
}

export type AppendResult =
  | { kind: 'created'; message: StoredMessage }
  | { kind: 'duplicate'; message: StoredMessage }
  | { kind: 'not_found' };

// Named statements: node-postgres prepares them once per pooled connection.
const APPEND = `with conv as (
    update conversations set last_seq = last_seq + 1 where id = $1 and project_id = $2 returning last_seq
  ), msg as (
    insert into messages (id, conversation_id, project_id, seq, client_id, author_kind, author_id, body)
    select $3, $1, $2, conv.last_seq, $4, $5, $6, $7 from conv
    returning id, seq, created_at
  ), evt as (
    insert into outbox_events (project_id, aggregate_id, type, payload)
    select $2, $1, 'message.created', jsonb_build_object('id', msg.id, 'conversationId', $1::uuid, 'seq', msg.seq,
      'clientId', $4::text, 'author', jsonb_build_object('kind', $5::text, 'id', $6::text), 'body', $7::text,
      'createdAt', msg.created_at)
    from msg
  )
  select seq, created_at from msg`;
const FIND = `select id, seq, author_kind, author_id, body, created_at from messages where conversation_id = $1 and client_id = $2`;
const CLIENT_ID_UNIQUE = 'messages_conversation_id_client_id_key';

interface FoundRow {
  id: string;
  seq: string;
  author_kind: 'visitor' | 'agent';
  author_id: string;
  body: string;
  created_at: Date;
}

function isClientIdConflict(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    err.code === '23505' &&
    'constraint' in err &&
    err.constraint === CLIENT_ID_UNIQUE
  );
}

export async function appendMessage(pool: pg.Pool, input: MessageInput): Promise<AppendResult> {
  const id = randomUUID();
  try {
    const result = await pool.query<{ seq: string; created_at: Date }>({
      name: 'append',
      text: APPEND,
      values: [input.conversationId, input.projectId, id, input.clientId, input.authorKind, input.authorId, input.body],
    });
    const row = result.rows[0];
    if (!row) return { kind: 'not_found' };
    return {
      kind: 'created',
      message: {
        id,
        conversationId: input.conversationId,
        seq: Number(row.seq),
        clientId: input.clientId,
        author: { kind: input.authorKind, id: input.authorId },
        body: input.body,
        createdAt: row.created_at.toISOString(),
      },
    };
  } catch (err) {
    if (!isClientIdConflict(err)) throw err;
  }
  const found = await pool.query<FoundRow>({
    name: 'find',
    text: FIND,
    values: [input.conversationId, input.clientId],
  });
  const original = found.rows[0];
  if (!original) throw new Error('duplicate clientId vanished');
  return {
    kind: 'duplicate',
    message: {
      id: original.id,
      conversationId: input.conversationId,
      seq: Number(original.seq),
      clientId: input.clientId,
      author: { kind: original.author_kind, id: original.author_id },
      body: original.body,
      createdAt: original.created_at.toISOString(),
    },
  };
}

/** Messages after `afterSeq`, oldest first, for a reconnecting client (bounded). */
export async function messagesAfter(pool: pg.Pool, conversationId: string, afterSeq: number): Promise<StoredMessage[]> {
  const rows = await pool.query<FoundRow & { client_id: string }>({
    name: 'after',
    text: `select id, seq, client_id, author_kind, author_id, body, created_at from messages
      where conversation_id = $1 and seq > $2 order by seq limit 500`,
    values: [conversationId, afterSeq],
  });
  return rows.rows.map((r) => ({
    id: r.id,
    conversationId,
    seq: Number(r.seq),
    clientId: r.client_id,
    author: { kind: r.author_kind, id: r.author_id },
    body: r.body,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function conversationHead(
  pool: pg.Pool,
  conversationId: string,
  projectId: string,
): Promise<number | null> {
  const rows = await pool.query<{ last_seq: string }>({
    name: 'head',
    text: 'select last_seq from conversations where id = $1 and project_id = $2',
    values: [conversationId, projectId],
  });
  const row = rows.rows[0];
  return row ? Number(row.last_seq) : null;
}
