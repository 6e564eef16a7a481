// The classic design's tables for the baseline (its own database, created and dropped by the
// bench): conversations with a seq counter, messages unique on (conversation, clientId), the
// transactional outbox, and the consumer's idempotency record. The messages table carries the
// same indexes as Parley's (drizzle/schema/conversations.ts), full-text search included, so both
// pay the same index maintenance per message; the inbox list index is on what the consumer keeps.
import { adminQuery } from '../../local/admin-query.ts';

export const BASELINE_SCHEMA = `
create table conversations (
  id uuid primary key,
  project_id uuid not null,
  last_seq bigint not null default 0,
  last_message_at timestamptz,
  last_message_preview text,
  created_at timestamptz not null default now()
);
create index conversations_project_activity_idx on conversations (project_id, last_message_at desc, id desc);
create table messages (
  id uuid primary key default gen_random_uuid(),
  conversation_id uuid not null references conversations (id) on delete cascade,
  project_id uuid not null,
  seq bigint not null,
  client_id text not null,
  author_kind text not null,
  author_id text not null,
  body text not null,
  created_at timestamptz not null default now(),
  unique (conversation_id, seq),
  unique (conversation_id, client_id)
);
create index messages_project_created_idx on messages (project_id, created_at);
create index messages_body_fts_idx on messages using gin (to_tsvector('simple', body));
create table outbox_events (
  id uuid primary key default gen_random_uuid(),
  position bigserial not null,
  project_id uuid not null,
  aggregate_id uuid not null,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_unpublished_idx on outbox_events (position) where published_at is null;
create index outbox_published_idx on outbox_events (published_at);
create table processed_events (
  event_id uuid primary key,
  consumed_at timestamptz not null default now()
);
`;

/** Creates a fresh database with the baseline schema; returns its URL. */
export async function createBaselineDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await adminQuery(url.toString(), BASELINE_SCHEMA);
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
}
