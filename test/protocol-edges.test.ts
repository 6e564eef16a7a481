// Protocol edges a third-party client hit (docs/PROTOCOL.md): a second `resume` never duplicates, a
// malformed `?lastSeq=` gets a typed error, a committed clientId resent with another body is
// refused, bodies are counted in UTF-16 code units, and an Authorization header wins over `?token=`.

import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { LIMITS, type Message } from '../contract/frames.ts';
import { sql } from './helpers/db.ts';
import { BASE, expectError, http } from './helpers/http.ts';
import { isType, joinRoom, roomPath, TestSocket } from './helpers/socket.ts';
import { scenario } from './helpers/tenant.ts';

const seqsOf = (ws: TestSocket) => ws.of('message').map((f) => (f as { message: Message }).message.seq);

describe('resume', () => {
  it('two resume frames never deliver a message twice; each is answered', async () => {
    const { visitor, conversationId } = await scenario();
    const writer = await joinRoom(conversationId, visitor.token);
    for (let i = 0; i < 3; i++) writer.send({ type: 'send', clientId: `m${i}`, body: `m${i}` });
    await writer.until((f) => f.filter((x) => x.type === 'ack').length === 3);
    writer.close();

    const ws = await joinRoom(conversationId, visitor.token);
    ws.send({ type: 'resume', lastSeq: 0 });
    ws.send({ type: 'resume', lastSeq: 0 });
    // Each resume is answered: with `resumed`, or refused while the other one runs.
    await ws.until((f) => f.filter((x) => x.type === 'resumed' || x.type === 'error').length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(seqsOf(ws)).toEqual([1, 2, 3, 4]);
    expect(ws.of('error').every((e) => e.code === 'bad_frame')).toBe(true);

    // A later resume from an older seq sends only what this socket has not had yet: nothing here.
    ws.send({ type: 'resume', lastSeq: 2 });
    await ws.until((f) => f.filter((x) => x.type === 'resumed' || x.type === 'error').length === 3);
    expect(seqsOf(ws)).toEqual([1, 2, 3, 4]);
    ws.close();
  });

  it('answers a malformed ?lastSeq= with a bad_frame error instead of silence', async () => {
    const { visitor, conversationId } = await scenario();
    for (const bad of ['-1', 'abc', '1.5', '1e20', '', '99999999999999999999']) {
      const ws = await TestSocket.open(roomPath(conversationId, visitor.token, `&lastSeq=${encodeURIComponent(bad)}`));
      const err = await ws.next(isType('error'), 0, 3000);
      expect(err.code, `lastSeq=${bad}`).toBe('bad_frame');
      expect(ws.of('resumed')).toEqual([]);
      // The socket stays usable: a resume frame still works.
      ws.send({ type: 'resume', lastSeq: 0 });
      expect((await ws.next(isType('resumed'))).lastSeq).toBe(1);
      ws.close();
    }
  });
});

describe('clientId', () => {
  it('refuses a committed clientId resent with a different body (client_id_reused); the same body gets the original', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await joinRoom(conversationId, visitor.token);
    ws.send({ type: 'send', clientId: 'once', body: 'the first body' });
    const ack = await ws.next(isType('ack'));
    ws.send({ type: 'send', clientId: 'once', body: 'another body' });
    const err = await ws.next(isType('error'));
    expect(err).toMatchObject({ code: 'client_id_reused', clientId: 'once' });
    ws.send({ type: 'send', clientId: 'once', body: 'the first body' });
    await ws.until((f) => f.filter((x) => x.type === 'ack').length === 2);
    expect(ws.of('ack').map((a) => a.seq)).toEqual([ack.seq, ack.seq]);
    // Over REST too, and from Postgres once the room has forgotten it (a new socket, same room).
    await expectError(
      http('POST', `/api/widget/conversations/${conversationId}/messages`, {
        token: visitor.token,
        json: { clientId: 'once', body: 'a third body' },
      }),
      409,
      'client_id_reused',
    );
    const rows = await sql<{ body: string }>(
      'select body from messages where conversation_id = $1 and client_id = $2',
      [conversationId, 'once'],
    );
    expect(rows).toEqual([{ body: 'the first body' }]);
    ws.close();
  });

  it('counts a body in UTF-16 code units: 4000 of them pass, one more does not', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await joinRoom(conversationId, visitor.token);
    const emoji = '😀'; // two UTF-16 code units
    ws.send({ type: 'send', clientId: 'fits', body: emoji.repeat(LIMITS.bodyMax / 2) });
    expect((await ws.next(isType('ack'))).clientId).toBe('fits');
    ws.send({ type: 'send', clientId: 'over', body: `${emoji.repeat(LIMITS.bodyMax / 2)}x` });
    expect(await ws.next(isType('error'))).toMatchObject({ code: 'invalid_message', clientId: 'over' });
    ws.close();
  });
});

describe('credentials on an upgrade', () => {
  it('an Authorization header wins over a ?token= query', async () => {
    const { agent, project, conversationId } = await scenario();
    for (const path of [
      `/ws/conversations/${conversationId}?token=garbage`,
      `/ws/projects/${project.projectId}/inbox?token=garbage`,
    ]) {
      const res = await exports.default.fetch(`${BASE}${path}`, {
        headers: { upgrade: 'websocket', authorization: `Bearer ${agent.token}` },
      });
      expect(res.status, path).toBe(101);
      const ws = res.webSocket;
      ws?.accept();
      ws?.close(1000, 'bye');
    }
  });
});
