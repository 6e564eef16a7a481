// The product's metrics reach Analytics Engine: a message commit (batch size, commit time, ack
// latency), a Queue batch (commit → consumed lag), a dead letter, a failed webhook attempt and the
// auth rate limits' refusals and outages, each written to a fake dataset put in METRICS' place.
import {
  createExecutionContext,
  createMessageBatch,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import type { OutboxEvent, QueueMessage } from '../contract/events.ts';
import type { DataPoint } from '../core/platform/metrics.ts';
import type { ConversationRoom } from '../durable-objects/conversation-room.ts';
import { consumeBatch } from '../worker/events/consumer.ts';
import worker from '../worker/index.ts';
import { eventually } from './helpers/eventually.ts';
import { BASE, http, randomIp } from './helpers/http.ts';
import { upstashDown } from './helpers/outage.ts';
import { memberOf, rand, scenario, tenant } from './helpers/tenant.ts';

function fakeDataset() {
  const points: DataPoint[] = [];
  return {
    points,
    writeDataPoint: (p: DataPoint) => void points.push(p),
    of: (m: string) => points.filter((p) => p.blobs[0] === m),
  };
}

const eventOf = (projectId: string, ageMs: number): OutboxEvent => ({
  id: crypto.randomUUID(),
  projectId,
  type: 'member.added',
  aggregateType: 'membership',
  aggregateId: crypto.randomUUID(),
  payload: { projectId, userId: crypto.randomUUID(), role: 'agent' },
  createdAt: new Date(Date.now() - ageMs).toISOString(),
});

const batchOf = (queue: string, event: OutboxEvent, attempts = 1) =>
  createMessageBatch<QueueMessage>(queue, [
    { id: `m-${rand()}`, timestamp: new Date(), attempts, body: { kind: 'event', event } },
  ]);

describe('metrics', () => {
  it('a message commit writes its batch size, commit time and ack latency', async () => {
    const { project, visitor, conversationId } = await scenario();
    const dataset = fakeDataset();
    await runInDurableObject(env.CONVERSATION_ROOM.getByName(conversationId), (room: ConversationRoom) =>
      room.measureWith(dataset),
    );
    const sent = await http('POST', `/api/widget/conversations/${conversationId}/messages`, {
      token: visitor.token,
      json: { clientId: `m-${rand()}`, body: 'counted' },
    });
    expect(sent.status).toBe(201);
    const [point] = dataset.of('commit');
    expect(point).toMatchObject({ indexes: ['commit'], blobs: ['commit', project.projectId, '', ''] });
    const [messages, commitMs, ackMaxMs, ackSumMs] = point?.doubles ?? [];
    expect(messages).toBe(1);
    expect(commitMs).toBeGreaterThanOrEqual(0);
    expect(ackMaxMs).toBeGreaterThanOrEqual(commitMs ?? 0);
    expect(ackSumMs).toBe(ackMaxMs);
  });

  it('a Queue batch writes its lag from commit to consumption, and a dead letter is counted', async () => {
    const { projectId } = await tenant();
    const dataset = fakeDataset();
    const measured = { ...env, METRICS: dataset } as Env;
    await consumeBatch(batchOf('parley-events', eventOf(projectId, 3000)), measured, []);
    const [lag] = dataset.of('queue_batch');
    expect(lag?.blobs).toEqual(['queue_batch', '', 'parley-events', '']);
    const [events, lagMaxMs, lagSumMs, failed] = lag?.doubles ?? [];
    expect(events).toBe(1);
    expect(lagMaxMs).toBeGreaterThanOrEqual(3000);
    expect(lagSumMs).toBe(lagMaxMs);
    expect(failed).toBe(0);

    const poison = eventOf(projectId, 0);
    await consumeBatch(batchOf('parley-events-dlq', poison, 6), measured, []);
    expect(dataset.of('dead_letter')).toEqual([
      { indexes: ['dead_letter'], blobs: ['dead_letter', projectId, 'member.added', ''], doubles: [1] },
    ]);
  });

  it('a failed webhook attempt is counted by failure class and outcome', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const created = await http('POST', `/api/projects/${projectId}/webhooks`, {
      token: manager.token,
      json: { url: `${inject('webhookReceiverUrl')}/hooks/metrics-${rand()}?fail=1000`, eventTypes: ['member.added'] },
    });
    expect(created.status).toBe(201);
    const dataset = fakeDataset();
    await consumeBatch(batchOf('parley-events', eventOf(projectId, 0)), { ...env, METRICS: dataset } as Env);
    const [failure] = await eventually(async () => {
      const found = dataset.of('webhook_failure');
      return found.length > 0 ? found : undefined;
    });
    expect(failure?.blobs).toEqual(['webhook_failure', projectId, 'http_5xx', 'retrying']);
    expect(failure?.doubles).toEqual([1, 1, 500]);
  });

  it('an auth rate limit counts each refusal, and each attempt Upstash could not count', async () => {
    const dataset = fakeDataset();
    const ip = randomIp();
    const limited = {
      ...env,
      METRICS: dataset,
      AUTH_RATE_LIMITS: JSON.stringify({ reset_ip: { limit: 1, window: '1 h' } }),
    } as unknown as Env;
    const request = () =>
      new Request(`${BASE}/api/auth/password-reset/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
        body: JSON.stringify({ email: `metrics-${rand()}@example.test` }),
      }) as Parameters<typeof worker.fetch>[0];
    for (const vars of [limited, limited, { ...limited, ...upstashDown() }]) {
      const ctx = createExecutionContext();
      await (await worker.fetch(request(), vars, ctx)).text();
      await waitOnExecutionContext(ctx);
    }
    expect(dataset.of('rate_limit').map((p) => p.blobs.slice(2))).toEqual([
      ['reset_ip', 'refused'],
      ['reset_ip', 'unavailable'],
    ]);
  });
});
