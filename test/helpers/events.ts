// The events consumer under test, without the Queue: handler dependencies, conversations seeded
// with their messages and already-published outbox rows (no relay or other test's consumer
// touches them, so the test alone decides the delivery order), and a replayable shuffle.
import { env } from 'cloudflare:workers';
import type { EventDraft, OutboxEvent, QueueMessage } from '../../contract/events.ts';
import type { RoomMessage } from '../../core/conversations/message.ts';
import type { Db } from '../../core/platform/db.ts';
import { messages } from '../../drizzle/schema/conversations.ts';
import { outboxEvents } from '../../drizzle/schema/outbox.ts';
import type { HandlerDeps } from '../../worker/events/handlers/types.ts';
import { eventSettings } from '../../worker/events/settings.ts';
import { config } from './db.ts';

/** What the consumer hands its handlers; the delayed messages go to `queue` (the test's EVENTS by default). */
export const handlerDeps = (db: Db, queue: Queue<QueueMessage> = env.EVENTS as Queue<QueueMessage>): HandlerDeps => ({
  db,
  config: config(),
  env,
  settings: eventSettings(env),
  queue,
});

/** One line of a scripted conversation: who wrote it, what, and whether it is a private note. */
export type ScriptLine = [kind: 'visitor' | 'agent' | 'system', body: string, isPrivate?: boolean];

/** The script as the room's messages, seq 1 onwards, the agent named Ann, each at `at(seq)`. */
export function scriptedMessages(
  script: readonly ScriptLine[],
  authors: { visitorId: string; agentId: string },
  at: (seq: number) => string,
): RoomMessage[] {
  return script.map(([kind, body, isPrivate], i) => ({
    id: crypto.randomUUID(),
    seq: i + 1,
    clientId: `c${i + 1}`,
    author:
      kind === 'visitor'
        ? { kind, id: authors.visitorId }
        : kind === 'agent'
          ? { kind, id: authors.agentId, name: 'Ann' }
          : { kind: 'system' },
    body,
    private: isPrivate ?? false,
    attachment: null,
    createdAt: at(i + 1),
  }));
}

/** Stores the room's messages as the room would. */
export async function insertMessages(
  db: Pick<Db, 'insert'>,
  projectId: string,
  conversationId: string,
  roomMessages: readonly RoomMessage[],
): Promise<void> {
  await db.insert(messages).values(
    roomMessages.map((m) => ({
      id: m.id,
      conversationId,
      projectId,
      seq: m.seq,
      clientId: m.clientId,
      authorKind: m.author.kind,
      authorId: m.author.kind === 'system' ? null : (m.author.id ?? null),
      body: m.body,
      private: m.private,
      createdAt: new Date(m.createdAt),
    })),
  );
}

/** Writes the conversation's events to the outbox, already published; returns them in outbox order. */
export async function insertPublished(
  db: Pick<Db, 'insert'>,
  projectId: string,
  conversationId: string,
  drafts: readonly EventDraft[],
): Promise<OutboxEvent[]> {
  const rows = await db
    .insert(outboxEvents)
    .values(
      drafts.map((e) => ({
        projectId,
        aggregateType: 'conversation',
        aggregateId: conversationId,
        type: e.type,
        payload: e.payload,
        publishedAt: new Date(),
      })),
    )
    .returning();
  return rows
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((r) => ({
      id: r.id,
      projectId: r.projectId,
      type: r.type,
      aggregateType: r.aggregateType,
      aggregateId: r.aggregateId,
      payload: r.payload as Record<string, unknown>,
      createdAt: r.createdAt.toISOString(),
    }));
}

/** A small seeded PRNG's shuffle, so a failing order can be replayed. */
export function shuffled<T>(list: readonly T[], seed: number): T[] {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
