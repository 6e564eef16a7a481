// The statements run as named prepared statements keep one text whatever their data: a name per
// text, so a text that varied would prepare a statement per variant on every backend.
import { Client } from '@neondatabase/serverless';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { BatchChanges } from '../../core/conversations/batch-changes.ts';
import { type BatchCommit, commitStatement } from '../../core/conversations/commit.ts';
import type { RoomMessage } from '../../core/conversations/message.ts';
import { claimStatement } from '../../core/events/relay.ts';
import { statementName } from '../../core/platform/db.ts';
import * as schema from '../../drizzle/schema/index.ts';
import { applyFolded, type Folded } from './denormalize.ts';

const dialect = new PgDialect({ casing: 'snake_case' });
const textOf = (query: SQL) => dialect.sqlToQuery(query).sql;

const message = (seq: number, extra: Partial<RoomMessage> = {}): RoomMessage => ({
  id: `00000000-0000-4000-8000-00000000000${seq}`,
  seq,
  clientId: `c${seq}`,
  author: { kind: 'visitor', id: 'v' },
  body: `body ${seq}`,
  private: false,
  attachment: null,
  createdAt: '2026-12-06T10:00:00Z',
  ...extra,
});

const commit = (batch: RoomMessage[], changes: Partial<BatchChanges>): BatchCommit => ({
  conversationId: 'c',
  expectedLastSeq: 0,
  batch,
  changes: { status: 'open', reopened: false, agentReadSeq: 0, visitorReadSeq: 0, ...changes },
  events: batch.map((m) => ({ type: 'message.created', payload: { seq: m.seq } }) as never),
  now: new Date('2026-12-06T10:00:00Z'),
});

const folded = (n: number): Map<string, Folded> =>
  new Map(
    Array.from({ length: n }, (_, i) => [
      `c${i}`,
      {
        agentWroteSeq: i,
        visitorWroteSeq: 0,
        replied: i % 2 === 0,
        lastPublic: i ? { seq: i, at: '2026-12-06T10:00:00Z', preview: 'p' } : null,
        firstResponseAt: null,
      },
    ]),
  );

describe('named statements', () => {
  it('gives a text one stable name Postgres accepts', () => {
    const name = statementName('select 1');
    expect(name).toBe(statementName('select 1'));
    expect(name).not.toBe(statementName('select 2'));
    expect(name).toMatch(/^p_[0-9a-f]{20}$/);
  });

  it('has one text for the group commit, whatever the batch and its changes', () => {
    const texts = new Set(
      [
        commit([message(1)], {}),
        commit([message(1), message(2, { private: true }), message(3)], { reopened: true, status: 'open' }),
        commit(
          [
            message(4, {
              author: { kind: 'agent', id: 'u' },
              attachment: { key: 'k', name: 'a.png', contentType: 'image/png', size: 3 },
            }),
          ],
          {
            status: 'snoozed',
            agentReadSeq: 4,
          },
        ),
      ].map((c) => textOf(commitStatement(c))),
    );
    expect(texts.size).toBe(1);
  });

  it("has one text for the consumer's conversations UPDATE, whatever the group", () => {
    expect(new Set([1, 2, 7].map((n) => textOf(applyFolded('p', folded(n))))).size).toBe(1);
  });

  it("has one text for the relay's claim, whatever the limit", () => {
    // Never connected: only builds statements.
    const db = drizzle({
      client: new Client({ connectionString: 'postgres://u@127.0.0.1:1/x' }),
      schema,
      casing: 'snake_case',
    });
    expect(new Set([1, 40, 500].map((limit) => claimStatement(db, limit).toSQL().sql)).size).toBe(1);
  });
});
