// Email continuity, outgoing (docs/EMAIL.md): the visitor's unseen-reply email — one for all replies,
// exactly once under redelivery and concurrent consumers, nothing when read in time or unsubscribed;
// the hosted conversation page's signed link; the offline agent's notification; the transport choice.
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it, vi } from 'vitest';
import type { QueueMessage } from '../contract/events.ts';
import type { NotificationKey } from '../contract/notifications.ts';
import { createRedis } from '../core/platform/redis.ts';
import { signPath } from '../core/platform/signed-url.ts';
import { consumeBatch } from '../worker/events/consumer.ts';
import {
  CloudflareMailSender,
  createMailSender,
  HttpMailSender,
  mailTransport,
  RedisMailSink,
  readMailSink,
} from '../worker/lib/mail.ts';
import { HOSTED_PURPOSE, UNSUBSCRIBE_PURPOSE } from '../worker/notifications/links.ts';
import { config, withDb } from './helpers/db.ts';
import { http, httpJson } from './helpers/http.ts';
import { TestSocket } from './helpers/socket.ts';
import { memberOf, openConversation, rand, scenario, tenant, visitorOf } from './helpers/tenant.ts';

const receiver = inject('webhookReceiverUrl');

/** Retries `check` (its expectations) until it passes or `timeoutMs` is over; returns its value. */
async function eventually<T>(check: () => Promise<T>, { timeoutMs = 15_000 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A visitor with an email, in a conversation with an agent. */
async function withEmail(options: { delay?: number | null } = {}) {
  const s = await scenario();
  const email = `visitor-${rand()}${rand()}@example.test`;
  const claimed = await http('POST', '/api/widget/visitor', { token: s.visitor.token, json: { email } });
  expect(claimed.status).toBe(200);
  if (options.delay !== undefined) {
    const manager = await memberOf(s.project, 'manager');
    const res = await http('PUT', `/api/projects/${s.project.projectId}/conversation-settings`, {
      token: manager.token,
      json: {
        autoAssign: 'off',
        attachmentMaxBytes: 1024 * 1024,
        attachmentTypes: ['image/png'],
        unseenReplyEmailDelaySeconds: options.delay,
      },
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }
  return { ...s, email };
}

async function agentSays(s: { project: { projectId: string }; conversationId: string }, token: string, body: string) {
  const res = await http('POST', `/api/projects/${s.project.projectId}/conversations/${s.conversationId}/messages`, {
    token,
    json: { clientId: `c-${rand()}`, body },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json<{ seq: number }>()).seq;
}

interface MarkRow extends Record<string, unknown> {
  notified_seq: number;
  due_at: string | null;
  reasons: string[];
}

const markOf = (key: Omit<NotificationKey, 'projectId'>) =>
  withDb(async ({ db }) => {
    const r = await db.execute<MarkRow>(sql`
      select notified_seq, due_at, reasons from notification_marks
      where kind = ${key.kind} and recipient_id = ${key.recipientId} and conversation_id = ${key.conversationId}`);
    return r.rows[0];
  });

/**
 * The delay is over: the Queue consumer handles `notification.due` for `key` (as the delayed message
 * would), `copies` at once. (A copy delivered before the row's due time waits its turn: moved back here.)
 */
async function due(key: NotificationKey, copies = 1): Promise<void> {
  await withDb(({ db }) =>
    db.execute(sql`update notification_marks set due_at = now() - interval '1 second'
      where kind = ${key.kind} and recipient_id = ${key.recipientId} and conversation_id = ${key.conversationId} and due_at is not null`),
  );
  const message = (): QueueMessage => ({ kind: 'notification.due', notification: key });
  await Promise.all(
    Array.from({ length: copies }, () =>
      consumeBatch(
        createMessageBatch<QueueMessage>('parley-events', [
          { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: message() },
        ]),
        env,
      ),
    ),
  );
}

/**
 * Waits until the notifications handler has applied `count` message events of the conversation (its
 * processed markers): an event it takes after a due message was handled would schedule the next one.
 */
const messageEventsApplied = (conversationId: string, count: number) =>
  eventually(async () => {
    const applied = await withDb(async ({ db }) => {
      const r = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from outbox_events o
          join processed_events p on p.event_id = o.id and p.consumer = 'notifications'
        where o.aggregate_type = 'conversation' and o.aggregate_id = ${conversationId}
          and o.type = 'message.created'`);
      return r.rows[0]?.n ?? 0;
    });
    expect(applied).toBeGreaterThanOrEqual(count);
  });

const mailsTo = (to: string) => readMailSink(createRedis(config()), to);

const visitorKey = (s: {
  project: { projectId: string };
  conversationId: string;
  visitor: { visitor: { id: string } };
}) =>
  ({
    kind: 'visitor_unseen_replies',
    projectId: s.project.projectId,
    conversationId: s.conversationId,
    recipientId: s.visitor.visitor.id,
  }) as const;

describe('the unseen-reply email', () => {
  it('batches the replies into one email, sent once under redelivery and concurrent consumers', async () => {
    const s = await withEmail();
    await agentSays(s, s.agent.token, 'First answer <b>bold?</b>');
    const seq = await agentSays(s, s.agent.token, 'Second answer');
    const key = visitorKey(s);
    // The consumer scheduled one delayed message for both replies (the due time is the first's).
    const mark = await eventually(async () => {
      const m = await markOf(key);
      expect(m?.due_at).toBeTruthy();
      return m;
    });
    expect(mark?.notified_seq).toBe(0);
    // Both replies' events are in the mark before it is due (else the second, taken after, would
    // rightly open a window of its own and leave a due time behind).
    await messageEventsApplied(s.conversationId, 2);

    await due(key, 3); // three copies at once
    await due(key); // and a redelivery after
    const mails = await mailsTo(s.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.text).toContain('First answer <b>bold?</b>');
    expect(mail?.text).toContain('Second answer');
    expect(mail?.text).toMatch(/2 replies/);
    // HTML escaped, the links there, List-Unsubscribe set.
    expect(mail?.html).toContain('First answer &lt;b&gt;bold?&lt;/b&gt;');
    expect(mail?.text).toMatch(/\/c\/[0-9a-f-]{36}\?exp=\d+&kid=[^&]+&sig=/);
    expect(mail?.headers?.['List-Unsubscribe']).toMatch(/^<http.*\/email\/unsubscribe\/v-/);
    expect(mail?.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect((await markOf(key))?.notified_seq).toBe(seq);
    expect((await markOf(key))?.due_at).toBeNull();

    // A later reply starts a new window and a new email with only itself.
    await agentSays(s, s.agent.token, 'Third answer');
    await eventually(async () => expect((await markOf(key))?.due_at).toBeTruthy());
    // A stale copy of the first window's message, delivered now, does not send the new window early:
    // it goes back on the Queue until the due time.
    const stale = createMessageBatch<QueueMessage>('parley-events', [
      {
        id: crypto.randomUUID(),
        timestamp: new Date(),
        attempts: 2,
        body: { kind: 'notification.due', notification: key },
      },
    ]);
    await consumeBatch(stale, env);
    const result = await getQueueResult(stale, createExecutionContext());
    expect(result.retryMessages).toHaveLength(1);
    expect(await mailsTo(s.email)).toHaveLength(1);
    await due(key, 2);
    const after = await mailsTo(s.email);
    expect(after).toHaveLength(2);
    expect(after[0]?.text).toContain('Third answer');
    expect(after[0]?.text).not.toContain('Second answer');
  });

  it('sends nothing when the visitor read the replies in time', async () => {
    const s = await withEmail();
    const seq = await agentSays(s, s.agent.token, 'Are you there?');
    const key = visitorKey(s);
    await eventually(async () => expect((await markOf(key))?.due_at).toBeTruthy());
    const read = await http('POST', `/api/widget/conversations/${s.conversationId}/read`, {
      token: s.visitor.token,
      json: { seq },
    });
    expect(read.status).toBe(200);
    // The room flushes read marks to Postgres within its flush interval.
    await eventually(
      async () => {
        const rows = await withDb(({ db }) =>
          db.execute<{ r: number }>(
            sql`select visitor_read_seq as r from conversations where id = ${s.conversationId}`,
          ),
        );
        expect(rows.rows[0]?.r).toBe(seq);
      },
      { timeoutMs: 10_000 },
    );
    await due(key);
    expect(await mailsTo(s.email)).toHaveLength(0);
    expect((await markOf(key))?.notified_seq).toBe(seq);
  });

  it('is not scheduled when the Manager turned it off, nor for a visitor without an email', async () => {
    const off = await withEmail({ delay: null });
    await agentSays(off, off.agent.token, 'Hello');
    const anonymous = await scenario();
    await agentSays(anonymous, anonymous.agent.token, 'Hello');
    // The events are consumed (the conversations' previews move) but no mark is made.
    await eventually(async () => {
      const rows = await withDb(({ db }) =>
        db.execute<{ n: number }>(
          sql`select count(*)::int as n from conversations where id in (${off.conversationId}, ${anonymous.conversationId}) and last_message_preview = 'Hello'`,
        ),
      );
      expect(rows.rows[0]?.n).toBe(2);
    });
    expect(await markOf(visitorKey(off))).toBeUndefined();
    expect(await markOf(visitorKey(anonymous))).toBeUndefined();
  });

  it('stops after the one-click unsubscribe', async () => {
    const s = await withEmail();
    await agentSays(s, s.agent.token, 'One');
    const key = visitorKey(s);
    await eventually(async () => expect((await markOf(key))?.due_at).toBeTruthy());
    await due(key);
    const [mail] = await mailsTo(s.email);
    const link = mail?.headers?.['List-Unsubscribe']?.slice(1, -1) ?? '';
    const path = new URL(link).pathname + new URL(link).search;
    // The page asks; the POST (its button, or the mail client's one-click) does it.
    const page = await http('GET', path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const forged = await http('POST', path.replace(/sig=[^&]+/, 'sig=AAAA'));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('data-error="link_invalid"');
    const done = await http('POST', path, { body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBe(200);
    await agentSays(s, s.agent.token, 'Two');
    // Not even scheduled any more; a message already due finds nobody to write to.
    await new Promise((r) => setTimeout(r, 1500));
    await due(key);
    expect(await mailsTo(s.email)).toHaveLength(1);
  });
});

describe('logs of the email notifications', () => {
  it('carry neither the address nor the text', async () => {
    const lines: string[] = [];
    const spies = (['log', 'info', 'warn', 'error'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      }),
    );
    try {
      const s = await withEmail();
      const secret = `secret-text-${rand()}`;
      await agentSays(s, s.agent.token, secret);
      const key = visitorKey(s);
      await eventually(async () => expect((await markOf(key))?.due_at).toBeTruthy());
      await due(key);
      expect(await mailsTo(s.email)).toHaveLength(1);
      expect(lines.some((l) => l.includes('notification due'))).toBe(true);
      for (const line of lines) {
        expect(line).not.toContain(s.email);
        expect(line).not.toContain(secret);
        expect(line).not.toMatch(/sig=/);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('the hosted conversation page', () => {
  async function hostedLink() {
    const s = await withEmail();
    await agentSays(s, s.agent.token, 'Here is the answer');
    const key = visitorKey(s);
    await eventually(async () => expect((await markOf(key))?.due_at).toBeTruthy());
    await due(key);
    const [mail] = await mailsTo(s.email);
    const match = /(\/c\/[0-9a-f-]{36}\?exp=\d+&kid=[^&\s]+&sig=[\w-]+)/.exec(mail?.text ?? '');
    if (!match?.[1]) throw new Error('no hosted link in the mail');
    return { s, path: match[1] };
  }

  const exchange = (path: string) => {
    const url = new URL(path, 'http://x');
    return http('POST', '/api/widget/hosted-session', {
      json: {
        conversationId: url.pathname.split('/').pop(),
        exp: url.searchParams.get('exp'),
        kid: url.searchParams.get('kid'),
        sig: url.searchParams.get('sig'),
      },
    });
  };

  it('opens the whole thread for that visitor only', async () => {
    const { s, path } = await hostedLink();
    const page = await http('GET', path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/c/hosted.js" defer></script>');
    const res = await exchange(path);
    expect(res.status).toBe(200);
    const session = await res.json<{ widgetKey: string; visitorToken: string; conversationId: string }>();
    expect(session).toMatchObject({ widgetKey: s.project.widgetKey, conversationId: s.conversationId });
    const thread = await httpJson<{ messages: { body: string }[] }>(
      'GET',
      `/api/widget/conversations/${s.conversationId}/messages`,
      { token: session.visitorToken },
    );
    expect(thread.status).toBe(200);
    expect(thread.body.messages.map((m) => m.body)).toEqual(['Hello', 'Here is the answer']);
    // The widget's session on Parley's own origin names that same visitor.
    const widget = await visitorOf(
      { widgetKey: session.widgetKey },
      { visitorToken: session.visitorToken },
      { origin: 'http://parley.test' },
    );
    expect(widget.visitor.id).toBe(s.visitor.visitor.id);
    // Another visitor's conversation in the same project stays closed to this token.
    const other = await visitorOf(s.project);
    const { conversation } = await openConversation(other.token, 'Mine');
    const refused = await http('GET', `/api/widget/conversations/${conversation.id}/messages`, {
      token: session.visitorToken,
    });
    expect(refused.status).toBe(404);
  });

  it('refuses an expired or forged link with a typed error', async () => {
    const { s, path } = await hostedLink();
    const old = signPath(
      config().AUTH_JWT_KEYS,
      HOSTED_PURPOSE,
      '/c',
      s.conversationId,
      3600,
      Date.now() - 8 * 86_400_000,
    );
    const expired = await exchange(old);
    expect(expired.status).toBe(403);
    expect((await expired.json<{ error: { code: string } }>()).error.code).toBe('link_expired');
    expect((await http('GET', old)).status).toBe(403);

    const forged = await exchange(path.replace(/sig=[\w-]+/, 'sig=not-our-signature'));
    expect((await forged.json<{ error: { code: string } }>()).error.code).toBe('link_invalid');
    // A signature for one conversation does not open another.
    const other = await tenant();
    const otherVisitor = await visitorOf(other);
    const { conversation } = await openConversation(otherVisitor.token);
    const moved = await exchange(path.replace(s.conversationId, conversation.id));
    expect(moved.status).toBe(403);
    expect((await moved.json<{ error: { code: string } }>()).error.code).toBe('link_invalid');
    const page = await http('GET', path.replace(/sig=[\w-]+/, 'sig=x'));
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('data-error="link_invalid"');
    // A link of another purpose (an unsubscribe signature) is not a hosted link.
    const unsubscribeSig = signPath(config().AUTH_JWT_KEYS, UNSUBSCRIBE_PURPOSE, '/c', s.conversationId, 3600);
    const wrongPurpose = await exchange(unsubscribeSig);
    expect(wrongPurpose.status).toBe(403);
    expect((await wrongPurpose.json<{ error: { code: string } }>()).error.code).toBe('link_invalid');
  });
});

describe('agent notifications', () => {
  async function assigned() {
    const project = await tenant();
    const agent = await memberOf(project);
    const manager = await memberOf(project, 'manager');
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token, 'I need help');
    const res = await http('POST', `/api/projects/${project.projectId}/conversations/${conversation.id}/assign`, {
      token: manager.token,
      json: { assigneeId: agent.userId },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const key: NotificationKey = {
      kind: 'agent_activity',
      projectId: project.projectId,
      conversationId: conversation.id,
      recipientId: agent.userId,
    };
    const email = await withDb(async ({ db }) => {
      const r = await db.execute<{ email: string }>(sql`select email from users where id = ${agent.userId}`);
      return r.rows[0]?.email ?? '';
    });
    return { project, agent, visitor, conversationId: conversation.id, key, email };
  }

  const visitorSays = (token: string, conversationId: string, body: string) =>
    http('POST', `/api/widget/conversations/${conversationId}/messages`, {
      token,
      json: { clientId: `v-${rand()}`, body },
    });

  it('emails an offline agent once about the assignment and the visitor’s messages', async () => {
    const a = await assigned();
    expect((await visitorSays(a.visitor.token, a.conversationId, 'Anyone?')).status).toBe(201);
    await eventually(async () => {
      const m = await markOf(a.key);
      expect(m?.due_at).toBeTruthy();
      expect(m?.reasons).toContain('assigned');
    });
    await due(a.key, 2);
    await due(a.key);
    const mails = await mailsTo(a.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('A conversation was assigned to you on Parley');
    expect(mails[0]?.text).toContain('I need help');
    expect(mails[0]?.text).toContain('Anyone?');
    expect(mails[0]?.text).toContain(`/p/${a.project.projectId}/inbox/${a.conversationId}`);
  });

  it('emails a teammate a note mentions, whoever holds the conversation; nothing once the note is deleted', async () => {
    const a = await assigned();
    const teammate = await memberOf(a.project);
    const teammateEmail = await withDb(async ({ db }) => {
      const r = await db.execute<{ email: string }>(sql`select email from users where id = ${teammate.userId}`);
      return r.rows[0]?.email ?? '';
    });
    const note = (body: string) =>
      httpJson<{ messageId: string }>(
        'POST',
        `/api/projects/${a.project.projectId}/conversations/${a.conversationId}/messages`,
        { token: a.agent.token, json: { clientId: `n-${rand()}`, body, private: true, mentions: [teammate.userId] } },
      );
    const key: NotificationKey = { ...a.key, recipientId: teammate.userId };
    expect((await note('Could you look at the <refund>?')).status).toBe(201);
    await eventually(async () => expect((await markOf(key))?.reasons).toContain('mentioned'));
    await due(key, 2);
    await due(key);
    const mails = await mailsTo(teammateEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('You were mentioned in a note on Parley');
    expect(mails[0]?.text).toContain(`${a.agent.name} (private note):`);
    expect(mails[0]?.text).toContain('Could you look at the <refund>?');
    expect(mails[0]?.html).toContain('Could you look at the &lt;refund&gt;?');
    // The teammate does not hold the conversation: the visitor's messages are not theirs to hear of.
    expect(mails[0]?.text).not.toContain('I need help');

    // A second note, deleted before its window ends: no email about it.
    const second = await note('Never mind, sorted');
    await eventually(async () => expect((await markOf(key))?.due_at).toBeTruthy());
    const gone = await http(
      'DELETE',
      `/api/projects/${a.project.projectId}/conversations/${a.conversationId}/messages/${second.body.messageId}`,
      { token: a.agent.token },
    );
    expect(gone.status).toBe(200);
    await due(key);
    expect(await mailsTo(teammateEmail)).toHaveLength(1);
  });

  it('sends nothing while the agent has a dashboard open', async () => {
    const a = await assigned();
    const inbox = await TestSocket.open(`/ws/projects/${a.project.projectId}/inbox?token=${a.agent.token}`);
    try {
      await eventually(async () => expect((await markOf(a.key))?.due_at).toBeTruthy());
      await due(a.key);
      expect(await mailsTo(a.email)).toHaveLength(0);
    } finally {
      inbox.close();
    }
  });

  it('sends nothing to an agent who turned these emails off', async () => {
    const a = await assigned();
    await eventually(async () => expect((await markOf(a.key))?.due_at).toBeTruthy());
    const off = await httpJson<{ emailNotifications: boolean }>('PATCH', '/api/me', {
      token: a.agent.token,
      json: { emailNotifications: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.emailNotifications).toBe(false);
    await due(a.key);
    expect(await mailsTo(a.email)).toHaveLength(0);
  });
});

describe('the mail transport', () => {
  it('is chosen by MAIL_TRANSPORT, the API when its URL and token are set, else the dev sink', () => {
    const base = config();
    const binding = { send: () => Promise.resolve({ messageId: 'm' }) };
    expect(mailTransport({ ...base, MAIL_TRANSPORT: undefined })).toBe('sink');
    expect(createMailSender({ ...base, MAIL_TRANSPORT: undefined })).toBeInstanceOf(RedisMailSink);
    expect(createMailSender({ ...base, MAIL_TRANSPORT: 'cloudflare', EMAIL: binding })).toBeInstanceOf(
      CloudflareMailSender,
    );
    // Locally without the binding: the sink.
    expect(createMailSender({ ...base, MAIL_TRANSPORT: 'cloudflare', EMAIL: undefined })).toBeInstanceOf(RedisMailSink);
    const api = { ...base, MAIL_TRANSPORT: undefined, MAIL_API_URL: 'https://mail.example', MAIL_API_TOKEN: 't' };
    expect(mailTransport(api)).toBe('resend');
    expect(createMailSender(api)).toBeInstanceOf(HttpMailSender);
    expect(createMailSender({ ...api, MAIL_TRANSPORT: 'sink' })).toBeInstanceOf(RedisMailSink);
  });

  it('sends through the send_email binding with the sender, Reply-To and headers', async () => {
    const sent: unknown[] = [];
    const binding = {
      send: (m: unknown) => {
        sent.push(m);
        return Promise.resolve({ messageId: 'm1' });
      },
    };
    const sender = createMailSender({
      ...config(),
      MAIL_TRANSPORT: 'cloudflare',
      EMAIL: binding,
      MAIL_FROM: 'Acme Support <help@acme.test>',
    });
    await sender.send({
      to: 'v@example.test',
      subject: 'S',
      text: 'T',
      html: '<p>T</p>',
      replyTo: 'reply+x@in.acme.test',
      headers: { 'List-Unsubscribe': '<https://u>' },
      idempotencyKey: 'k',
    });
    expect(sent).toEqual([
      {
        from: { name: 'Acme Support', email: 'help@acme.test' },
        to: 'v@example.test',
        subject: 'S',
        text: 'T',
        html: '<p>T</p>',
        replyTo: 'reply+x@in.acme.test',
        headers: { 'List-Unsubscribe': '<https://u>' },
      },
    ]);
  });

  it('posts to the Resend-compatible API with the idempotency key', async () => {
    const name = `mail-${rand()}`;
    const sender = new HttpMailSender(`${receiver}/hooks/${name}`, 'token-1', 'Parley <no-reply@parley.test>');
    await sender.send({ to: 'v@example.test', subject: 'S', text: 'T', html: '<p>T</p>', idempotencyKey: 'key-1' });
    const received = await (await fetch(`${receiver}/hooks/${name}`)).json<
      { headers: Record<string, string>; body: string }[]
    >();
    expect(received).toHaveLength(1);
    expect(received[0]?.headers['idempotency-key']).toBe('key-1');
    expect(received[0]?.headers.authorization).toBe('Bearer token-1');
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ to: ['v@example.test'], html: '<p>T</p>' });
  });
});
