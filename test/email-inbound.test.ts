// Replies by email (worker/email/inbound.ts): the email() handler appends a visitor's reply
// through the conversation's room — next seq, live to an agent's socket, once per Message-ID —
// and refuses everything else with setReject and a log line without content or addresses.

import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../core/platform/config.ts';
import { INBOUND_RAW_MAX_BYTES } from '../worker/email/inbound.ts';
import { signReplyToken } from '../worker/email/reply-address.ts';
import worker from '../worker/index.ts';
import { sql } from './helpers/db.ts';
import { http } from './helpers/http.ts';
import { isType, joinRoom, type TestSocket } from './helpers/socket.ts';
import { memberOf, rand, scenario } from './helpers/tenant.ts';

const DOMAIN = 'reply.parley.local';
const keys = () => readConfig(env).AUTH_JWT_KEYS;
const addressOf = (conversationId: string, now = Date.now()) =>
  `reply+${signReplyToken(keys(), conversationId, now)}@${DOMAIN}`;

interface Delivery {
  rejected: string[];
  error?: unknown;
}

/** Hands `raw` to the Worker's email() handler as Email Routing would. */
async function deliver(
  raw: string | Uint8Array,
  envelope: { from: string; to: string; rawSize?: number },
  workerEnv: Env = env,
) {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  const delivery: Delivery = { rejected: [] };
  const message: ForwardableEmailMessage = {
    from: envelope.from,
    to: envelope.to,
    rawSize: envelope.rawSize ?? bytes.length,
    raw: new Blob([bytes]).stream(),
    headers: new Headers(),
    canBeForwarded: false,
    setReject: (reason: string) => {
      delivery.rejected.push(reason);
    },
    forward: () => Promise.reject(new Error('not in tests')),
    reply: () => Promise.reject(new Error('not in tests')),
  };
  try {
    await worker.email(message, workerEnv);
  } catch (err) {
    delivery.error = err;
  }
  return delivery;
}

const mail = (o: { from: string; to: string; messageId?: string; body: string; extraHeaders?: string }) =>
  [
    `From: Vic <${o.from}>`,
    `To: ${o.to}`,
    'Subject: Re: your conversation',
    `Message-ID: ${o.messageId ?? `<${rand()}@mail.example>`}`,
    'MIME-Version: 1.0',
    ...(o.extraHeaders ? [o.extraHeaders] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
  ].join('\r\n');

const messagesOf = (conversationId: string) =>
  sql<{ seq: number; body: string; author_kind: string; attachment_key: string | null }>(
    'select seq, body, author_kind, attachment_key from messages where conversation_id = $1 order by seq',
    [conversationId],
  );

describe('replies by email', () => {
  let fixture: Awaited<ReturnType<typeof scenario>>;
  let email: string;
  let ws: TestSocket;
  beforeAll(async () => {
    fixture = await scenario();
    email = `vic-${rand()}@mail.example`;
    await sql('update visitors set email = $1 where id = $2', [email, fixture.visitor.visitor.id]);
    ws = await joinRoom(fixture.conversationId, fixture.agent.token);
  });
  afterAll(() => ws.close());

  it('appends the new text as a visitor message with the next seq, live to the agent', async () => {
    const messageId = `<${rand()}@mail.example>`;
    const body =
      'Yes, please refund it.\r\n\r\nOn Mon, 1 Jun 2026, Parley <x@y> wrote:\r\n> Shall we refund?\r\n\r\n-- \r\nVic';
    const delivery = await deliver(mail({ from: email, to: addressOf(fixture.conversationId), messageId, body }), {
      from: email,
      to: addressOf(fixture.conversationId),
    });
    expect(delivery).toEqual({ rejected: [] });
    const live = await ws.next(isType('message'));
    expect(live.message).toMatchObject({ seq: 2, body: 'Yes, please refund it.', author: { kind: 'visitor' } });
    expect(await messagesOf(fixture.conversationId)).toMatchObject([
      { seq: 1 },
      { seq: 2, body: 'Yes, please refund it.', author_kind: 'visitor' },
    ]);

    // The same email delivered again (a retry of the sending server): appended once.
    const again = await deliver(mail({ from: email, to: addressOf(fixture.conversationId), messageId, body }), {
      from: email,
      to: addressOf(fixture.conversationId),
    });
    expect(again).toEqual({ rejected: [] });
    expect(await messagesOf(fixture.conversationId)).toHaveLength(2);
  });

  it('takes a multipart email: the HTML part as text when there is no text part, attachments to R2', async () => {
    const to = addressOf(fixture.conversationId).toUpperCase().replace('REPLY+', 'reply+');
    const png = btoa(String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82));
    const raw = [
      `From: ${email}`,
      `To: ${to}`,
      `Message-ID: <${rand()}@mail.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<div>Here is the screenshot &amp; the invoice</div><div class="gmail_quote">On Mon wrote: old</div>',
      '--b1',
      'Content-Type: image/png; name="shot.png"',
      'Content-Disposition: attachment; filename="shot.png"',
      'Content-Transfer-Encoding: base64',
      '',
      png,
      '--b1',
      'Content-Type: application/x-msdownload; name="evil.exe"',
      'Content-Disposition: attachment; filename="evil.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      btoa('MZ\u0090\u0000\u0003'),
      '--b1--',
      '',
    ].join('\r\n');
    const from = ws.frames.length;
    // Upper-cased by some mail system on the way: still the same token.
    expect(await deliver(raw, { from: email.toUpperCase(), to })).toEqual({ rejected: [] });
    await ws.next(
      (f): f is Extract<typeof f, { type: 'message' }> =>
        f.type === 'message' && (f as { message: { seq: number } }).message.seq === 4,
      from,
    );
    const rows = await messagesOf(fixture.conversationId);
    expect(rows.slice(2)).toMatchObject([
      { seq: 3, body: 'Here is the screenshot & the invoice', attachment_key: null },
      { seq: 4, body: '' },
    ]);
    // The .exe was not accepted (sniffed type not allowed): skipped, the rest went in.
    expect(rows).toHaveLength(4);
    const key = rows[3]?.attachment_key ?? '';
    expect(key.startsWith(`projects/${fixture.project.projectId}/conversations/${fixture.conversationId}/`)).toBe(true);
    expect(await env.ATTACHMENTS.head(key)).not.toBeNull();
  });
});

describe('refused email', () => {
  let fixture: Awaited<ReturnType<typeof scenario>>;
  let email: string;
  let to: string;
  let logged: string[];
  beforeAll(async () => {
    fixture = await scenario();
    email = `vic-${rand()}@mail.example`;
    await sql('update visitors set email = $1 where id = $2', [email, fixture.visitor.visitor.id]);
    to = addressOf(fixture.conversationId);
  });

  /** Delivers, expects one refusal, and checks the log line names the outcome and nothing personal. */
  async function refused(
    raw: string,
    envelope: { from: string; to: string; rawSize?: number },
    outcome: string,
    workerEnv: Env = env,
  ) {
    logged = [];
    const spy = vi.spyOn(console, 'warn').mockImplementation((line: unknown) => {
      logged.push(String(line));
    });
    const spyLog = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      logged.push(String(line));
    });
    try {
      const delivery = await deliver(raw, envelope, workerEnv);
      expect(delivery.error).toBeUndefined();
      expect(delivery.rejected).toHaveLength(1);
    } finally {
      spy.mockRestore();
      spyLog.mockRestore();
    }
    const line = logged.find((l) => l.includes('inbound email rejected'));
    expect(line, logged.join('\n')).toContain(`"outcome":"${outcome}"`);
    for (const secret of [email, 'secret words', envelope.to.split('@')[0] ?? '']) {
      expect(logged.join('\n')).not.toContain(secret);
    }
    expect(await messagesOf(fixture.conversationId)).toHaveLength(1);
  }

  const body = 'secret words';

  it('any address while no inbound domain is configured (replies by email off)', async () => {
    // A Worker deployed without INBOUND_EMAIL_DOMAIN, even given a well-signed reply address.
    const off: Env = { ...env, INBOUND_EMAIL_DOMAIN: '' };
    await refused(mail({ from: email, to, body }), { from: email, to }, 'inbound_off', off);
  });

  it('an unknown address', async () => {
    const bad = `support@${DOMAIN}`;
    await refused(mail({ from: email, to: bad, body }), { from: email, to: bad }, 'unknown_address');
  });

  it('a forged token (one character changed)', async () => {
    const token = signReplyToken(keys(), fixture.conversationId);
    const forged = `reply+${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}@${DOMAIN}`;
    await refused(mail({ from: email, to: forged, body }), { from: email, to: forged }, 'invalid_token');
  });

  it('an expired token', async () => {
    const old = addressOf(fixture.conversationId, Date.now() - 91 * 86_400_000);
    await refused(mail({ from: email, to: old, body }), { from: email, to: old }, 'expired_token');
  });

  it('a sender who is not the visitor', async () => {
    const other = `mallory-${rand()}@mail.example`;
    await refused(mail({ from: other, to, body }), { from: other, to }, 'sender_mismatch');
  });

  it('an oversized message', async () => {
    await refused(
      mail({ from: email, to, body }),
      { from: email, to, rawSize: INBOUND_RAW_MAX_BYTES + 1 },
      'too_large',
    );
  });

  it('bytes that are not a MIME message', async () => {
    await refused('secret words, no headers at all\r\n', { from: email, to }, 'not_mime');
  });

  it('a message with no text (only a quote)', async () => {
    await refused(mail({ from: email, to, body: '> secret words' }), { from: email, to }, 'no_text');
  });

  it('a blocked visitor', async () => {
    await sql('update visitors set blocked_at = now() where id = $1', [fixture.visitor.visitor.id]);
    try {
      await refused(mail({ from: email, to, body }), { from: email, to }, 'visitor_blocked');
    } finally {
      await sql('update visitors set blocked_at = null where id = $1', [fixture.visitor.visitor.id]);
    }
  });

  it('a conversation that was erased', async () => {
    const gone = await scenario();
    await sql('update visitors set email = $1 where id = $2', [email, gone.visitor.visitor.id]);
    await sql('delete from conversations where id = $1', [gone.conversationId]);
    const goneTo = addressOf(gone.conversationId);
    await refused(mail({ from: email, to: goneTo, body }), { from: email, to: goneTo }, 'unknown_conversation');
  });
});

describe('attachments by email, within the project limits', () => {
  const pngOf = (size: number) => {
    const bytes = new Uint8Array(size);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    return btoa(String.fromCharCode(...bytes));
  };
  /** A multipart email: an optional text part, then each file as a base64 PNG attachment. */
  const withFiles = (o: { from: string; to: string; text?: string; files: { name: string; size: number }[] }) =>
    [
      `From: ${o.from}`,
      `To: ${o.to}`,
      `Message-ID: <${rand()}@mail.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      ...(o.text ? ['--b1', 'Content-Type: text/plain; charset=utf-8', '', o.text] : []),
      ...o.files.flatMap((f) => [
        '--b1',
        `Content-Type: image/png; name="${f.name}"`,
        `Content-Disposition: attachment; filename="${f.name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        pngOf(f.size),
      ]),
      '--b1--',
      '',
    ].join('\r\n');
  const storedIn = async (projectId: string, conversationId: string) =>
    (await env.ATTACHMENTS.list({ prefix: `projects/${projectId}/conversations/${conversationId}/` })).objects
      .map((o) => o.key)
      .sort();
  const rowsOf = (conversationId: string) =>
    sql<{ seq: number; body: string; attachment_key: string | null; attachment_name: string | null }>(
      'select seq, body, attachment_key, attachment_name from messages where conversation_id = $1 order by seq',
      [conversationId],
    );

  /** A conversation whose visitor has an email, in a project that takes PNGs of at most 1 KiB. */
  async function smallLimit() {
    const s = await scenario();
    const email = `vic-${rand()}@mail.example`;
    await sql('update visitors set email = $1 where id = $2', [email, s.visitor.visitor.id]);
    const manager = await memberOf(s.project, 'manager');
    const res = await http('PUT', `/api/projects/${s.project.projectId}/conversation-settings`, {
      token: manager.token,
      json: { autoAssign: 'off', attachmentMaxBytes: 1024, attachmentTypes: ['image/png'] },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return { ...s, email, to: addressOf(s.conversationId) };
  }

  it('skips an attachment over the size limit (not in R2, no message) and keeps the text and the others', async () => {
    const s = await smallLimit();
    const raw = withFiles({
      from: s.email,
      to: s.to,
      text: 'Two screenshots',
      files: [
        { name: 'big.png', size: 1025 },
        { name: 'small.png', size: 1024 },
      ],
    });
    expect(await deliver(raw, { from: s.email, to: s.to })).toEqual({ rejected: [] });
    const rows = await rowsOf(s.conversationId);
    expect(rows.slice(1)).toMatchObject([
      { seq: 2, body: 'Two screenshots', attachment_key: null },
      { seq: 3, body: '', attachment_name: 'small.png' },
    ]);
    expect(rows).toHaveLength(3);
    // Refused before the upload: R2 holds the accepted file only.
    expect(await storedIn(s.project.projectId, s.conversationId)).toEqual([rows[2]?.attachment_key]);
  });

  it('refuses an email whose only content is an attachment over the limit (no_text), storing nothing', async () => {
    const s = await smallLimit();
    const raw = withFiles({ from: s.email, to: s.to, files: [{ name: 'big.png', size: 4096 }] });
    expect(await deliver(raw, { from: s.email, to: s.to })).toEqual({ rejected: ['Message has no text'] });
    expect(await rowsOf(s.conversationId)).toHaveLength(1);
    expect(await storedIn(s.project.projectId, s.conversationId)).toEqual([]);
  });

  it('takes the first 5 attachments of an email and drops the rest, even when one of the 5 is refused', async () => {
    const s = await smallLimit();
    // shot-2 is over the limit: skipped, and shot-6 does not take its place.
    const files = [1, 2, 3, 4, 5, 6, 7].map((n) => ({ name: `shot-${n}.png`, size: n === 2 ? 2048 : 64 }));
    const raw = withFiles({ from: s.email, to: s.to, text: 'Seven screenshots', files });
    expect(await deliver(raw, { from: s.email, to: s.to })).toEqual({ rejected: [] });
    const rows = await rowsOf(s.conversationId);
    expect(rows.slice(1).map((r) => [r.seq, r.body, r.attachment_name])).toEqual([
      [2, 'Seven screenshots', null],
      [3, '', 'shot-1.png'],
      [4, '', 'shot-3.png'],
      [5, '', 'shot-4.png'],
      [6, '', 'shot-5.png'],
    ]);
    const keys = rows.flatMap((r) => (r.attachment_key ? [r.attachment_key] : [])).sort();
    expect(keys).toHaveLength(4);
    expect(await storedIn(s.project.projectId, s.conversationId)).toEqual(keys);
  });
});
