// Transcript on request: the visitor asks from the widget (with an email, or the one they gave;
// never another address, and a few times an hour at most), and it is mailed once when the conversation is resolved — a redelivered resolve event sends
// nothing more; private notes are never in it.

import { createMessageBatch } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { OutboxEvent, QueueMessage } from '../contract/events.ts';
import { consumeBatch } from '../worker/events/consumer.ts';
import { transcriptsHandler } from '../worker/events/handlers/transcripts.ts';
import { sql } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { http, httpJson } from './helpers/http.ts';
import { rand, scenario } from './helpers/tenant.ts';

type SunkMail = { subject: string; text: string };
const mailsTo = async (email: string) =>
  (await httpJson<{ mails: SunkMail[] }>('GET', `/dev/mail?to=${encodeURIComponent(email)}`)).body.mails.filter((m) =>
    m.subject.startsWith('Your conversation with'),
  );

const ask = (token: string, conversationId: string, json: Record<string, unknown> = {}) =>
  httpJson<{ transcript?: { email: string; status: string }; error?: { code: string } }>(
    'POST',
    `/api/widget/conversations/${conversationId}/transcript`,
    { token, json },
  );

const resolve = (fixture: Awaited<ReturnType<typeof scenario>>) =>
  http('POST', `/api/projects/${fixture.project.projectId}/conversations/${fixture.conversationId}/status`, {
    token: fixture.agent.token,
    json: { status: 'resolved' },
  });

describe('transcript on request', () => {
  it('asks for an email when the visitor has none, refuses a malformed one, and keeps the one given', async () => {
    const fixture = await scenario();
    expect((await ask(fixture.visitor.token, fixture.conversationId)).body.error?.code).toBe('email_required');
    expect((await ask(fixture.visitor.token, fixture.conversationId, { email: 'not-an-email' })).status).toBe(400);
    const email = `t-${rand()}@mail.example`;
    const asked = await ask(fixture.visitor.token, fixture.conversationId, { email });
    expect(asked).toMatchObject({ status: 202, body: { transcript: { email, status: 'pending' } } });
    const [visitor] = await sql<{ email: string }>('select email from visitors where id = $1', [
      fixture.visitor.visitor.id,
    ]);
    expect(visitor?.email).toBe(email);
    // Another visitor's conversation is not found.
    const other = await scenario();
    expect((await ask(other.visitor.token, fixture.conversationId, { email })).status).toBe(404);
    // Only ever to the visitor's own email: another address given now is not taken.
    const elsewhere = await ask(fixture.visitor.token, fixture.conversationId, { email: `x-${rand()}@mail.example` });
    expect(elsewhere.body.transcript?.email).toBe(email);
  });

  it('is limited per visitor (each request may send an email)', async () => {
    const fixture = await scenario();
    const email = `t-${rand()}@mail.example`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await ask(fixture.visitor.token, fixture.conversationId, { email })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('is mailed once when the conversation is resolved, even when the event is delivered again', async () => {
    const fixture = await scenario();
    const email = `t-${rand()}@mail.example`;
    await http('POST', `/api/projects/${fixture.project.projectId}/conversations/${fixture.conversationId}/messages`, {
      token: fixture.agent.token,
      json: { clientId: 'note', body: 'internal only', private: true },
    });
    await http('POST', `/api/projects/${fixture.project.projectId}/conversations/${fixture.conversationId}/messages`, {
      token: fixture.agent.token,
      json: { clientId: 'reply', body: 'Here is your answer' },
    });
    expect((await ask(fixture.visitor.token, fixture.conversationId, { email })).status).toBe(202);
    expect(await mailsTo(email)).toEqual([]);

    expect((await resolve(fixture)).status).toBe(200);
    const [mail] = await eventually(async () => {
      const mails = await mailsTo(email);
      return mails.length > 0 ? mails : undefined;
    });
    expect(mail?.text).toContain('Hello');
    expect(mail?.text).toContain('Here is your answer');
    expect(mail?.text).not.toContain('internal only');

    // The resolve event delivered again (the Queue is at-least-once): nothing more is sent.
    const [row] = await sql<{
      id: string;
      project_id: string;
      type: string;
      aggregate_type: string;
      aggregate_id: string;
      payload: Record<string, unknown>;
      created_at: Date;
    }>(
      `select id, project_id, type, aggregate_type, aggregate_id, payload, created_at from outbox_events
       where aggregate_id = $1 and type = 'conversation.status_changed' order by created_at desc limit 1`,
      [fixture.conversationId],
    );
    if (!row) throw new Error('no status event');
    const event: OutboxEvent = {
      id: row.id,
      projectId: row.project_id,
      type: row.type,
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      payload: row.payload,
      createdAt: new Date(row.created_at).toISOString(),
    };
    const batch = () =>
      createMessageBatch<QueueMessage>('parley-events', [
        { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { kind: 'event', event } },
      ]);
    await consumeBatch(batch(), env);
    // Even a handler that never saw the event (no processed marker) finds the request sent.
    await consumeBatch(batch(), env, [{ ...transcriptsHandler, name: `transcripts-${rand()}` }]);
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('is mailed at once when the conversation is already resolved', async () => {
    const fixture = await scenario();
    const email = `t-${rand()}@mail.example`;
    expect((await resolve(fixture)).status).toBe(200);
    const asked = await ask(fixture.visitor.token, fixture.conversationId, { email });
    expect(asked.body.transcript?.status).toBe('sent');
    expect(await mailsTo(email)).toHaveLength(1);
  });
});
