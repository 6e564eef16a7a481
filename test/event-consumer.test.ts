// The Queue consumer's object (worker/events/consumer-object.ts) and the Queue handler that forwards
// batches to it (worker/events/forward.ts): batches run on a warm pooled connection, and every
// message ends as the object decided (acked, retried with its delay, or left to the Queue).
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { OutboxEvent, QueueMessage } from '../contract/events.ts';
import { failedEvents } from '../drizzle/schema/events.ts';
import type { BatchDecisions, ForwardedBatch } from '../worker/events/consumer-object.ts';
import { consumeQueue } from '../worker/events/forward.ts';
import { withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { rand, tenant } from './helpers/tenant.ts';

function eventOf(projectId: string): OutboxEvent {
  return {
    id: crypto.randomUUID(),
    projectId,
    type: 'member.added',
    aggregateType: 'membership',
    aggregateId: crypto.randomUUID(),
    payload: { projectId },
    createdAt: new Date().toISOString(),
  };
}

const forwarded = (queue: string, bodies: unknown[]): ForwardedBatch => ({
  queue,
  requestId: `test-${rand()}`,
  messages: bodies.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), body, attempts: 1 })),
});

const failedRow = (eventId: string) =>
  withDb(({ db }) => db.select().from(failedEvents).where(eq(failedEvents.eventId, eventId)));

describe('the EventConsumer object', () => {
  it('consumes batch after batch on one warm connection', async () => {
    const { projectId } = await tenant();
    const stub = env.EVENT_CONSUMER.get(env.EVENT_CONSUMER.idFromName(`test-${rand()}`));
    for (let i = 0; i < 5; i++) {
      const events = [eventOf(projectId), eventOf(projectId)];
      const result = await stub.consume(forwarded('parley-events', [{ kind: 'events', events }]));
      expect(result).toEqual({ decisions: ['ack'], failed: false });
    }
    // Five batches, one connection opened, and it is still open for the next batch.
    expect(await stub.stats()).toEqual({ opened: 1, open: 1, batches: 5 });
  });

  it('runs the handlers on its connection: a dead letter is recorded, and a malformed message acked', async () => {
    const { projectId } = await tenant();
    const event = eventOf(projectId);
    const stub = env.EVENT_CONSUMER.get(env.EVENT_CONSUMER.idFromName(`test-${rand()}`));
    const result = await stub.consume(
      forwarded('parley-events-dlq', [
        { kind: 'event', event },
        { kind: 'nonsense', at: 1 },
      ]),
    );
    expect(result).toEqual({ decisions: ['ack', 'ack'], failed: false });
    const [row] = await failedRow(event.id);
    expect(row?.deadLetteredAt).not.toBeNull();
    expect(row?.projectId).toBe(projectId);
  });
});

describe('the Queue handler', () => {
  it("is the Worker's: batches of its Queue are consumed in the object (one shard locally)", async () => {
    const shard = env.EVENT_CONSUMER.get(env.EVENT_CONSUMER.idFromName('event-consumer-0'));
    const before = (await shard.stats()).batches;
    // Sent on this runtime's own Queue (a route's events may be relayed by another test file's
    // runtime: they share the database's outbox).
    const { projectId } = await tenant();
    const event = eventOf(projectId);
    await env.EVENTS.send({ kind: 'events', events: [event], requestId: `test-${rand()}` });
    await eventually(async () => {
      const { batches } = await shard.stats();
      return batches > before ? batches : undefined;
    });
  });

  it('forwards a batch to the object and acks what it acked', async () => {
    const { projectId } = await tenant();
    const event = eventOf(projectId);
    const batch = createMessageBatch<QueueMessage>('parley-events-dlq', [
      { id: 'dead-1', timestamp: new Date(), attempts: 6, body: { kind: 'event', event } },
    ]);
    await consumeQueue(batch, env);
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual(['dead-1']);
    expect((await failedRow(event.id))[0]?.deadLetteredAt).not.toBeNull();
  });

  /** The handler against an object that answers `answer` (or throws it). */
  const against = (answer: BatchDecisions | Error) => {
    const seen: ForwardedBatch[] = [];
    const stub = {
      consume: async (b: ForwardedBatch) => {
        seen.push(b);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
    const namespace = { idFromName: (name: string) => name, get: () => stub };
    return { env: { ...env, EVENT_CONSUMER: namespace } as unknown as Env, seen };
  };

  /** Three messages that record what was done to them (getQueueResult does not report a retry's delay). */
  const three = () => {
    const done: Record<string, unknown[]> = {};
    const messages = ['a', 'b', 'c'].map((id, i) => ({
      id,
      timestamp: new Date(),
      attempts: i + 1,
      body: { kind: 'webhook.retry', deliveryId: crypto.randomUUID() },
      ack: () => {
        done[id] = ['ack'];
      },
      retry: (options?: unknown) => {
        done[id] = ['retry', options];
      },
    }));
    const batch = { queue: 'parley-events', messages } as unknown as MessageBatch<unknown>;
    return { batch, done };
  };

  it("applies the object's decisions: ack, retry with its delay, and leaves the undecided to the Queue", async () => {
    const { batch, done } = three();
    const { env: forwarding, seen } = against({
      decisions: ['ack', { retry: { delaySeconds: 7 } }, null],
      failed: false,
    });
    await consumeQueue(batch, forwarding);
    expect(done).toEqual({ a: ['ack'], b: ['retry', { delaySeconds: 7 }] });
    // What crossed: the messages' ids, bodies and attempts, and the invocation's request id.
    expect(seen[0]?.queue).toBe('parley-events');
    expect(seen[0]?.messages.map((m) => [m.id, m.attempts, (m.body as { kind: string }).kind])).toEqual([
      ['a', 1, 'webhook.retry'],
      ['b', 2, 'webhook.retry'],
      ['c', 3, 'webhook.retry'],
    ]);
    expect(seen[0]?.requestId).toEqual(expect.any(String));
  });

  it('throws when the batch failed in the object, after applying what it decided (the Queue retries the rest)', async () => {
    const { batch, done } = three();
    const { env: forwarding } = against({ decisions: ['ack', null, null], failed: true });
    await expect(consumeQueue(batch, forwarding)).rejects.toThrow('event consumer batch failed');
    expect(done).toEqual({ a: ['ack'] });
  });

  it('throws and decides nothing when the object cannot be reached', async () => {
    const { batch, done } = three();
    const { env: forwarding } = against(new Error('Durable Object reset'));
    await expect(consumeQueue(batch, forwarding)).rejects.toThrow('Durable Object reset');
    expect(done).toEqual({});
  });

  it('consumes in the handler itself on a Worker without the binding', async () => {
    const { projectId } = await tenant();
    const event = eventOf(projectId);
    const batch = createMessageBatch<QueueMessage>('parley-events-dlq', [
      { id: 'dead-2', timestamp: new Date(), attempts: 6, body: { kind: 'event', event } },
    ]);
    await consumeQueue(batch, { ...env, EVENT_CONSUMER: undefined } as unknown as Env);
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toEqual(['dead-2']);
    expect((await failedRow(event.id))[0]?.deadLetteredAt).not.toBeNull();
  });
});
